package dev.slipway.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.ThrottleBucket;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link BenchResult} for people (with what bounds each figure) and as one JSON line. */
public final class BenchReport {
  private static final ThrottleBucket TD = ThrottleBucket.ECS_TASK_DEFINITION_WRITE;
  private static final ThrottleBucket SVC = ThrottleBucket.ECS_SERVICE_WRITE;

  private BenchReport() {}

  public static String text(BenchResult r, int reconcileThreads) {
    StringBuilder s = new StringBuilder();
    int n = r.releases();
    line(
        s,
        "Slipway benchmark: %d ServiceReleases, time x%s, %d resyncs",
        n,
        fmt(r.timeScale()),
        r.resyncs());
    line(s, "Operator, embedded Kubernetes API and AWS simulator share one JVM; AWS's published");
    line(
        s,
        "throttle buckets are ON; Slipway's client-side limiter allows itself %.0f%% of each.",
        r.fraction() * 100);
    line(s, "");
    line(s, "What bounds the numbers (AWS, per account and Region):");
    line(
        s,
        "  RegisterTaskDefinition: %d burst, %s/s. N new revisions take at least (N-%d)/%s s:",
        TD.burst(),
        fmt(TD.refillPerSecond()),
        TD.burst(),
        fmt(TD.refillPerSecond()));
    line(
        s,
        "    %.0f s here (%.0f s at the limiter's %.0f%%).",
        r.registrationBoundAws(),
        r.registrationBoundClient(),
        r.fraction() * 100);
    line(
        s,
        "  CreateService/UpdateService: %d burst, %s/s. N writes take at least (N-%d)/%s s:",
        SVC.burst(),
        fmt(SVC.refillPerSecond()),
        SVC.burst(),
        fmt(SVC.refillPerSecond()));
    line(
        s,
        "    %.0f s here (%.0f s at the limiter's %.0f%%).",
        r.serviceWriteBoundAws(),
        r.serviceWriteBoundClient(),
        r.fraction() * 100);
    line(s, "  Every create and every image bump needs one of each, so the slower bucket binds:");
    line(s, "    registrations (1/s) whenever N > 25. Phase bound: %.0f s.", r.phaseBoundAws());
    line(s, "");
    BenchResult.Resync rs = r.resync();
    line(s, "1. DescribeServices per service per resync: %.3f", r.describesPerServicePerResync());
    line(
        s,
        "   %d calls for %d services x %d resyncs (ECS takes 10 names per call: expect 0.1);",
        rs.describeCalls(),
        n,
        r.resyncs());
    line(
        s,
        "   %.0f ms per resync, %d releases woken (0: nothing drifted).",
        rs.millisPerScan(),
        rs.woken());
    BenchResult.Phase c = r.create();
    BenchResult.Phase b = r.bump();
    line(
        s,
        "2. RegisterTaskDefinition calls per distinct content: %.3f",
        r.registrationsPerContent());
    line(
        s,
        "   create %d + bump %d calls for %d contents; revisions created: %d + %d (expect 1.0).",
        c.registrations(),
        b.registrations(),
        r.distinctContents(),
        c.revisions(),
        b.revisions());
    line(s, "3. Time for %d image bumps to converge: %.1f s", n, b.seconds());
    line(
        s,
        "   vs UpdateService bound %.0f s: ratio %s; vs registration bound %.0f s: ratio %s.",
        r.serviceWriteBoundAws(),
        ratio(b.seconds(), r.serviceWriteBoundAws()),
        r.registrationBoundAws(),
        ratio(b.seconds(), r.registrationBoundAws()));
    line(
        s,
        "   Creating the %d took %.1f s (registration bound %.0f s: ratio %s).",
        n,
        c.seconds(),
        r.registrationBoundAws(),
        ratio(c.seconds(), r.registrationBoundAws()));
    line(
        s,
        "   One release bumped alone (full buckets): %.1f s edit->Ready, of which %.1f s after its",
        r.probe().bumpSeconds(),
        r.probe().afterUpdateSeconds());
    line(
        s,
        "   UpdateService (simulated rollout at x%s plus rollout polling): the rest of a bulk",
        fmt(r.timeScale()));
    line(s, "   phase is waiting for AWS's buckets.");
    BenchResult.Latencies l = r.latencies();
    line(s, "4. CR edit -> first AWS write, bump phase (%d releases):", l.samples());
    line(
        s,
        "   RegisterTaskDefinition p50 %.1f s, p99 %.1f s; UpdateService p50 %.1f s, p99 %.1f s.",
        l.registerP50(),
        l.registerP99(),
        l.updateP50(),
        l.updateP99());
    line(s, "   With all N edited at once these queue behind the registration bucket: the i-th");
    line(
        s,
        "   release cannot be written before (i-%d)/%s s.",
        TD.burst(),
        fmt(TD.refillPerSecond()));
    BenchResult.Heap h = r.heap();
    line(
        s,
        "5. Heap after settling (after System.gc()): %.0f MB used, %.0f MB before any release:",
        h.settledMb(),
        h.baselineMb());
    line(
        s,
        "   %.1f KB per release. This is the whole process: the CRs in the embedded API server,",
        perReleaseKb(r));
    line(s, "   the simulated services and tasks, and the operator's informer cache and registry.");
    line(s, "");
    line(
        s,
        "Throttling (reconcile threads: %d; a call waits up to %d s for a client-side token,",
        reconcileThreads,
        AwsResilienceSettings.defaults().maxRateLimitWait().toSeconds());
    line(s, "longer waits are refused and the release requeues itself for when its token is due):");
    throttling(s, "create", c, reconcileThreads);
    throttling(s, "bump", b, reconcileThreads);
    return s.toString();
  }

  private static void throttling(StringBuilder s, String phase, BenchResult.Phase p, int threads) {
    line(
        s,
        "  %s: AWS throttled %d requests%s",
        phase,
        p.awsThrottledTotal(),
        p.awsThrottled().isEmpty() ? "" : " " + p.awsThrottled());
    line(
        s,
        "    limiter waits %.0f s in all%s",
        p.clientWaitTotal(),
        p.clientWaitSeconds().isEmpty()
            ? ""
            : " ("
                + p.clientWaitSeconds().entrySet().stream()
                    .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.0f s", e.getValue()))
                    .collect(Collectors.joining(", "))
                + ")");
    line(
        s,
        "    = on average %.1f of %d reconcile threads asleep for a token;",
        p.meanThreadsWaiting(),
        threads);
    line(
        s,
        "    %d calls refused by the limiter, %d failed reconciles retried.",
        p.clientRefused(),
        p.reconcileFailures());
  }

  static double perReleaseKb(BenchResult r) {
    return (r.heap().settledMb() - r.heap().baselineMb()) * 1024 / r.releases();
  }

  /** The same figures as one JSON object (NaN as null). */
  public static String json(BenchResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("releases", r.releases());
    m.put("timeScale", r.timeScale());
    m.put("resyncs", r.resyncs());
    m.put("describeServicesPerServicePerResync", num(r.describesPerServicePerResync()));
    m.put("describeServicesCalls", r.resync().describeCalls());
    m.put("resyncWoken", r.resync().woken());
    m.put("registrationsPerDistinctContent", num(r.registrationsPerContent()));
    m.put("registrations", r.create().registrations() + r.bump().registrations());
    m.put("distinctContents", r.distinctContents());
    m.put("createSeconds", num(r.create().seconds()));
    m.put("bumpSeconds", num(r.bump().seconds()));
    m.put("updateServiceBoundSeconds", num(r.serviceWriteBoundAws()));
    m.put(
        "bumpRatioToUpdateServiceBound",
        num(Bounds.ratio(r.bump().seconds(), r.serviceWriteBoundAws())));
    m.put("registrationBoundSeconds", num(r.registrationBoundAws()));
    m.put(
        "bumpRatioToRegistrationBound",
        num(Bounds.ratio(r.bump().seconds(), r.registrationBoundAws())));
    m.put(
        "createRatioToRegistrationBound",
        num(Bounds.ratio(r.create().seconds(), r.registrationBoundAws())));
    m.put("singleBumpSeconds", num(r.probe().bumpSeconds()));
    m.put("singleBumpAfterUpdateSeconds", num(r.probe().afterUpdateSeconds()));
    m.put("firstRegisterP50Seconds", num(r.latencies().registerP50()));
    m.put("firstRegisterP99Seconds", num(r.latencies().registerP99()));
    m.put("firstUpdateServiceP50Seconds", num(r.latencies().updateP50()));
    m.put("firstUpdateServiceP99Seconds", num(r.latencies().updateP99()));
    m.put("editToReadyP50Seconds", num(r.latencies().readyP50()));
    m.put("editToReadyP99Seconds", num(r.latencies().readyP99()));
    m.put("heapSettledMb", num(r.heap().settledMb()));
    m.put("heapBaselineMb", num(r.heap().baselineMb()));
    m.put("heapPerReleaseKb", num(perReleaseKb(r)));
    m.put("awsThrottledCreate", r.create().awsThrottledTotal());
    m.put("awsThrottledBump", r.bump().awsThrottledTotal());
    m.put("limiterWaitSecondsCreate", num(r.create().clientWaitTotal()));
    m.put("limiterWaitSecondsBump", num(r.bump().clientWaitTotal()));
    m.put("limiterRefusedCreate", r.create().clientRefused());
    m.put("limiterRefusedBump", r.bump().clientRefused());
    m.put("reconcileFailuresCreate", r.create().reconcileFailures());
    m.put("reconcileFailuresBump", r.bump().reconcileFailures());
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object num(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? null : Math.round(d * 1000) / 1000.0;
  }

  private static String ratio(double measured, double bound) {
    double r = Bounds.ratio(measured, bound);
    return Double.isNaN(r) ? "n/a (bound 0)" : String.format(Locale.ROOT, "%.2f", r);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static void line(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
