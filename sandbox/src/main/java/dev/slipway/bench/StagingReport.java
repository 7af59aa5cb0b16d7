package dev.slipway.bench;

import dev.slipway.aws.ThrottleBucket;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Renders a {@link StagingResult} for people, with what bounds each figure ({@link StagingJson}
 * gives the same figures as one JSON line).
 */
public final class StagingReport {
  private static final ThrottleBucket SVC = ThrottleBucket.ECS_SERVICE_WRITE;
  private static final ThrottleBucket AAS = ThrottleBucket.AUTOSCALING;
  private static final String AAS_PREFIX = "application-autoscaling:";

  private StagingReport() {}

  public static String text(StagingResult r) {
    StringBuilder s = new StringBuilder();
    if (r.sleep() == null) {
      line(s, "Slipway staging benchmark: the refresh alone, time x%s", fmt(r.timeScale()));
    } else {
      line(
          s,
          "Slipway staging benchmark: %d ServiceReleases (%d autoscaled %d..%d, %d at"
              + " desiredCount 2), time x%s",
          r.services(),
          r.autoscaled(),
          PowerFleet.MIN_CAPACITY,
          PowerFleet.MAX_CAPACITY,
          r.services() - r.autoscaled(),
          fmt(r.timeScale()));
    }
    line(s, "Operator, embedded Kubernetes API and AWS simulator share one JVM; AWS's published");
    line(
        s,
        "throttle buckets are ON; Slipway's client-side limiter allows itself %.0f%% of each.",
        r.fraction() * 100);
    if (r.sleep() != null) power(s, r);
    if (!r.refreshes().isEmpty()) {
      line(s, "");
      line(
          s,
          "Refresh of one environment, %d datastores (Aurora only so far), time x%s:",
          r.datastores().size(),
          fmt(r.timeScale()));
      r.datastores().forEach(d -> line(s, "  %s", d));
      line(
          s,
          "  RDS bucket: %d burst, %s/s, shared by every RDS call of the account and Region.",
          ThrottleBucket.RDS.burst(),
          fmt(ThrottleBucket.RDS.refillPerSecond()));
      for (int i = 0; i < r.refreshes().size(); i++) refresh(s, i + 1, r.refreshes().get(i));
    }
    return s.toString();
  }

  private static void power(StringBuilder s, StagingResult r) {
    line(
        s,
        "All %d created and Ready after %.1f s (one task definition each: 1 registration/s).",
        r.services(),
        r.createSeconds());
    line(s, "");
    line(s, "What bounds a sleep or a wake (AWS, per account and Region):");
    line(
        s,
        "  UpdateService: %d burst, %s/s; Application Auto Scaling: %d burst, %s/s (an estimate,",
        SVC.burst(),
        fmt(SVC.refillPerSecond()),
        AAS.burst(),
        fmt(AAS.refillPerSecond()));
    line(s, "  one bucket for its reads and writes). N calls take at least (N - burst)/refill s.");
    line(s, "  A service needs 1 UpdateService per transition; an autoscaled one also 1");
    line(s, "  RegisterScalableTarget to sleep (0..0, suspended) and 2 to wake (range back, then");
    line(s, "  scaling resumed). The bound is the slower bucket for the writes made.");
    transition(s, r.sleep(), r.fraction());
    transition(s, r.wake(), r.fraction());
  }

  private static void transition(StringBuilder s, Transition t, double fraction) {
    PowerBounds b = t.bounds(fraction);
    PowerBounds.Binding w = b.writeBound();
    PowerBounds.Binding all = b.callBound();
    line(s, "");
    line(
        s,
        "%s: all %d %s after %.1f s (%.0f s simulated)",
        cap(t.name()),
        t.services(),
        Transition.SLEEP.equals(t.name()) ? "Sleeping" : "Ready again",
        t.seconds(),
        t.simulatedSeconds());
    line(
        s,
        "  bound of the writes made: %.1f s (%s, %d tokens): ratio %s;"
            + " at the limiter's %.0f%%: %.1f s, ratio %s",
        w.awsSeconds(),
        w.bucket(),
        w.tokens(),
        ratio(t.seconds(), w.awsSeconds()),
        fraction * 100,
        w.clientSeconds(),
        ratio(t.seconds(), w.clientSeconds()));
    line(
        s,
        "  bound of all calls made:   %.1f s (%s, %d tokens): ratio %s;"
            + " at the limiter's %.0f%%: %.1f s, ratio %s",
        all.awsSeconds(),
        all.bucket(),
        all.tokens(),
        ratio(t.seconds(), all.awsSeconds()),
        fraction * 100,
        all.clientSeconds(),
        ratio(t.seconds(), all.clientSeconds()));
    line(
        s, "  AWS calls                                        total  per service  per autoscaled");
    for (String op : new TreeSet<>(t.calls().keySet())) {
      if (op.startsWith("sts:")) continue;
      String perAutoscaled =
          op.startsWith(AAS_PREFIX) && t.autoscaled() > 0
              ? String.format(Locale.ROOT, "%14.2f", (double) t.calls(op) / t.autoscaled())
              : "";
      line(s, "    %-44s %6d %12.2f%s", op, t.calls(op), t.perService(op), perAutoscaled);
    }
    line(
        s,
        "  minimum writes: UpdateService %d (made %d), RegisterScalableTarget %d (made %d)",
        t.minimumServiceWrites(),
        t.calls("ecs:UpdateService"),
        t.minimumAutoscalingWrites(),
        t.calls(AAS_PREFIX + "RegisterScalableTarget"));
    line(
        s,
        "  %d reconciles (%.1f per service), %d failed; AWS throttled %d; limiter refused %d calls,"
            + " waited %.0f s",
        t.passes(),
        (double) t.passes() / t.services(),
        t.reconcileFailures(),
        t.awsThrottledTotal(),
        t.clientRefused(),
        t.clientWaitTotal());
    StringBuilder levels = new StringBuilder();
    t.lowestLevels()
        .forEach(
            (bucket, level) ->
                levels.append(
                    String.format(
                        Locale.ROOT,
                        " %s %.0f/%d,",
                        bucket,
                        level,
                        ThrottleBucket.valueOf(bucket).burst())));
    if (levels.length() > 0) levels.setLength(levels.length() - 1);
    line(s, "  lowest bucket levels (tokens left/burst):%s", levels);
  }

  private static void refresh(StringBuilder s, int n, RefreshRun run) {
    line(s, "");
    line(
        s,
        "Refresh %d (%s): %s after %.1f s, %d s (%.0f min) simulated",
        n,
        run.label(),
        run.result(),
        run.seconds(),
        run.simulatedSeconds(),
        run.simulatedSeconds() / 60.0);
    if (!"Succeeded".equals(run.result())) {
      line(s, "  %s", run.message());
      run.steps().forEach(step -> line(s, "    %s", step));
    }
    if (run.runsStarted() != 1) {
      line(
          s,
          "  %d runs started for one %s request (expected 1): a pass read the environment"
              + " before its own status write",
          run.runsStarted(),
          "refresh-now");
    }
    line(s, "  RDS calls                              made  minimum");
    TreeSet<String> ops = new TreeSet<>(run.calls().keySet());
    ops.addAll(run.minimum().writes().keySet());
    ops.addAll(run.minimum().reads().keySet());
    for (String op : ops) {
      long min =
          run.minimum().writes().getOrDefault(op, run.minimum().reads().getOrDefault(op, 0L));
      line(s, "    %-34s %6d %8d", op, run.calls().getOrDefault(op, 0L), min);
    }
    line(
        s,
        "  writes %d, minimum %d%s",
        run.writes(),
        run.minimum().totalWrites(),
        run.extraWrites().isEmpty()
            ? " (exactly the minimum)"
            : ", differing: " + run.extraWrites());
    double waited = run.waitMinutes().values().stream().mapToDouble(Double::doubleValue).sum();
    line(
        s,
        "  reads %d, one look per step %d: %d polls over %.0f simulated minutes of waiting"
            + " (%s per minute)",
        run.reads(),
        run.minimum().totalReads(),
        run.polls(),
        waited,
        num2(run.pollsPerWaitMinute()));
    StringBuilder levels = new StringBuilder();
    run.lowestLevels()
        .forEach(
            (bucket, level) ->
                levels.append(
                    String.format(
                        Locale.ROOT,
                        " %s %.1f/%d",
                        bucket,
                        level,
                        ThrottleBucket.valueOf(bucket).burst())));
    line(
        s,
        "  lowest bucket level (tokens left/burst):%s; AWS throttled %d; limiter waited %.1f s",
        levels,
        run.awsThrottled(),
        run.clientWaitSeconds());
  }

  private static String num2(double d) {
    return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.2f", d);
  }

  private static String ratio(double measured, double bound) {
    double r = Bounds.ratio(measured, bound);
    return Double.isNaN(r) ? "n/a (bound 0)" : String.format(Locale.ROOT, "%.2f", r);
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static void line(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
