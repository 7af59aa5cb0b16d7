package dev.slipway.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.bench.ScheduledTaskFigures.BucketLoad;
import dev.slipway.bench.ScheduledTaskFigures.Spread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders a {@link ScheduledTaskResult} for people and as one JSON line. */
public final class ScheduledTaskReport {
  /** The operations a batch makes, in the order the table shows them; others follow. */
  static final List<String> OPERATIONS =
      List.of(
          "ListTasks",
          "DescribeTasks",
          "RunTask",
          "StopTask",
          "GetSchedule",
          "CreateSchedule",
          "UpdateSchedule",
          "DeleteSchedule");

  private ScheduledTaskReport() {}

  public static String text(ScheduledTaskResult r) {
    StringBuilder s = new StringBuilder();
    line(
        s,
        "Slipway scheduled-tasks benchmark: %d ScheduledTasks on 2 ServiceReleases, %.1f simulated"
            + " hours at x%s",
        r.batches(),
        r.hours(),
        fmt(r.timeScale()));
    line(
        s,
        "The operator runs with production's timings (polls 5-60 s, limiter at %.0f%% of each",
        AwsResilienceSettings.defaults().rateLimitFraction() * 100);
    line(s, "bucket) on the simulator's compressed clock; its reschedules and its limiter are");
    line(s, "compressed with it, so every figure below is per simulated hour or second.");
    line(s, "");
    line(s, "1. AWS calls per batch per hour, by operation (the batches' own passes):");
    List<String> ops = operations(r);
    StringBuilder header =
        new StringBuilder(String.format(Locale.ROOT, "   %-38s %3s %7s", "", "n", "passes"));
    for (String op : ops) header.append(String.format(Locale.ROOT, " %9s", abbreviate(op)));
    line(s, "%s", header);
    for (Map.Entry<String, Integer> g : r.groupSizes().entrySet()) {
      StringBuilder row =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "   %-38s %3d %7.1f",
                  g.getKey(),
                  g.getValue(),
                  r.passesPerBatchHour().getOrDefault(g.getKey(), 0.0)));
      Map<String, Double> calls = r.callsPerBatchHour().getOrDefault(g.getKey(), Map.of());
      for (String op : ops)
        row.append(String.format(Locale.ROOT, " %9.1f", calls.getOrDefault(op, 0.0)));
      line(s, "%s", row);
    }
    line(s, "   (columns: %s)", String.join(", ", ops));
    line(
        s,
        "   Not the batches' (the releases' passes, the account check), per hour: %s",
        perHour(r.otherCallsPerHour()));
    line(s, "");
    line(
        s,
        "2. Every AWS bucket the operator drew from, whole account and Region, per simulated s:");
    line(
        s,
        "   %-26s %7s %7s %7s %7s %10s %10s %12s",
        "bucket",
        "calls",
        "mean/s",
        "peak/s",
        "refill",
        "peak/refill",
        "mean/refill",
        "lowest/burst");
    for (BucketLoad b : r.buckets()) {
      line(
          s,
          "   %-26s %7d %7.2f %7d %7s %10.2f %10.3f %7.0f/%d",
          b.bucket(),
          b.calls(),
          b.meanPerSecond(),
          b.peakPerSecond(),
          fmt(b.refillPerSecond()),
          b.peakRatio(),
          b.meanRatio(),
          b.lowestLevel(),
          b.burst());
    }
    line(s, "   peak/s: most calls in any one second. AWS throttles once the burst is spent and");
    line(
        s, "   calls keep coming faster than the refill: lowest level < 0 is where it would have.");
    line(s, "   Calls Slipway's limiter refused (it allows itself 90%%): %d.", r.limiterRefused());
    line(s, "");
    Spread o = r.operatorStart();
    line(
        s,
        "3. Engine Operator, slot -> RunTask (simulated s, %d runs): p50 %s, p95 %s, p99 %s,"
            + " max %s",
        o.count(),
        sec(o.p50()),
        sec(o.p95()),
        sec(o.p99()),
        sec(o.max()));
    ScheduledTaskFigures.Slots sl = r.operatorSlots();
    line(
        s,
        "   %d slots: %d with exactly one task, %d with none (%d of them recorded as skipped"
            + " or missed), %d with more than one.",
        sl.slots(),
        sl.exactlyOne(),
        sl.none(),
        sl.noneRecorded(),
        sl.moreThanOne());
    line(s, "   Slots with a task count other than 1: %d (must be 0).", sl.notOne());
    ScheduledTaskFigures.Discovery d = r.eventBridge();
    line(
        s,
        "4. Engine EventBridgeScheduler: %d tasks the scheduler started, %d shown in status;",
        d.tasksStarted(),
        d.found());
    line(
        s,
        "   task start -> first shown in status (simulated s): p50 %s, p95 %s, p99 %s, max %s.",
        sec(d.delay().p50()),
        sec(d.delay().p95()),
        sec(d.delay().p99()),
        sec(d.delay().max()));
    line(
        s,
        "5. Heap after System.gc(): %.0f MB before anything, %.0f MB after the warm-up, %.0f MB"
            + " at the end (%.0f KB per batch at the end).",
        r.heapBaselineMb(),
        r.heapSettledMb(),
        r.heapEndMb(),
        (r.heapEndMb() - r.heapBaselineMb()) * 1024 / r.batches());
    Spread late = r.passLateness();
    line(
        s,
        "6. Timer passes ran late by (simulated s, %d passes): p50 %s, p99 %s, max %s; small",
        late.count(),
        sec(late.p50()),
        sec(late.p99()),
        sec(late.max()));
    line(s, "   values mean the machine kept up with x%s.", fmt(r.timeScale()));
    return s.toString();
  }

  /** The same figures as one JSON object (NaN as null). */
  public static String json(ScheduledTaskResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batches", r.batches());
    m.put("timeScale", r.timeScale());
    m.put("hours", num(r.hours()));
    m.put("groupSizes", r.groupSizes());
    m.put("callsPerBatchHour", rounded2(r.callsPerBatchHour()));
    m.put("passesPerBatchHour", rounded(r.passesPerBatchHour()));
    m.put("otherCallsPerHour", rounded(r.otherCallsPerHour()));
    List<Map<String, Object>> buckets = new ArrayList<>();
    for (BucketLoad b : r.buckets()) {
      Map<String, Object> bm = new LinkedHashMap<>();
      bm.put("bucket", b.bucket());
      bm.put("calls", b.calls());
      bm.put("meanPerSecond", num(b.meanPerSecond()));
      bm.put("peakPerSecond", b.peakPerSecond());
      bm.put("peakToRefill", num(b.peakRatio()));
      bm.put("meanToRefill", num(b.meanRatio()));
      bm.put("lowestLevel", num(b.lowestLevel()));
      buckets.add(bm);
    }
    m.put("buckets", buckets);
    m.put("limiterRefused", r.limiterRefused());
    m.put("operatorStart", spread(r.operatorStart()));
    m.put("operatorSlots", r.operatorSlots().slots());
    m.put("operatorSlotsNotOne", r.operatorSlots().notOne());
    m.put("operatorSlotsNone", r.operatorSlots().none());
    m.put("operatorSlotsMoreThanOne", r.operatorSlots().moreThanOne());
    m.put("eventBridgeTasks", r.eventBridge().tasksStarted());
    m.put("eventBridgeFound", r.eventBridge().found());
    m.put("eventBridgeShownAfter", spread(r.eventBridge().delay()));
    for (ScheduledTaskFigures.Counted c : r.counted()) {
      m.put("countedRuns" + c.engine(), c.counted());
      m.put("distinctRuns" + c.engine(), c.distinct());
    }
    m.put("passLateness", spread(r.passLateness()));
    m.put("heapBaselineMb", num(r.heapBaselineMb()));
    m.put("heapSettledMb", num(r.heapSettledMb()));
    m.put("heapEndMb", num(r.heapEndMb()));
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The operations to show: a batch's usual ones (made or not), then any other a batch made. */
  static List<String> operations(ScheduledTaskResult r) {
    Set<String> seen = new LinkedHashSet<>();
    r.callsPerBatchHour().values().forEach(m -> seen.addAll(m.keySet()));
    List<String> out = new ArrayList<>(OPERATIONS);
    seen.removeAll(OPERATIONS);
    out.addAll(seen);
    return out;
  }

  private static String abbreviate(String op) {
    return op.length() <= 9 ? op : op.substring(0, 9);
  }

  private static Map<String, Object> spread(Spread sp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", sp.count());
    m.put("p50", num(sp.p50()));
    m.put("p95", num(sp.p95()));
    m.put("p99", num(sp.p99()));
    m.put("max", num(sp.max()));
    return m;
  }

  private static String perHour(Map<String, Double> m) {
    if (m.isEmpty()) return "none";
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.1f", k, v)));
    return String.join(", ", parts);
  }

  private static Map<String, Object> rounded(Map<String, Double> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, num(v)));
    return out;
  }

  private static Map<String, Object> rounded2(Map<String, Map<String, Double>> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, rounded(v)));
    return out;
  }

  private static Object num(double d) {
    return Double.isNaN(d) || Double.isInfinite(d) ? null : Math.round(d * 1000) / 1000.0;
  }

  private static String sec(double d) {
    return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static void line(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
