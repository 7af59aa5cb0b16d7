package dev.slipway.bench;

import java.util.Map;

/**
 * One refresh of the benchmark's environment: its outcome, how long it took, the datastore calls
 * AWS received against the fewest the workflow needs, and how close they came to AWS's buckets.
 *
 * @param label "first" (staging holds none of the datastores yet), "replace" (it holds all of them:
 *     yesterday's copies go first) or "partial"
 * @param runsStarted refresh runs the one refresh-now request started (1 expected)
 * @param seconds wall clock from the annotation until the run was seen finished
 * @param simulatedSeconds the run's duration on the simulated clock, as its status records it
 * @param calls datastore requests AWS received, keyed "service:Operation"
 * @param waitMinutes per datastore, simulated minutes its steps spent waiting
 * @param lowestLevels per bucket the datastore calls drew from, the lowest level it fell to
 * @param clientWaitSeconds time datastore calls slept in the client-side limiter
 * @param steps for a run that did not succeed, each step as its status left it (else empty)
 */
public record RefreshRun(
    String label,
    int runsStarted,
    String result,
    String message,
    double seconds,
    long simulatedSeconds,
    Map<String, Long> calls,
    CallFloor minimum,
    Map<String, Double> waitMinutes,
    Map<String, Double> lowestLevels,
    long awsThrottled,
    double clientWaitSeconds,
    java.util.List<String> steps) {

  public long writes() {
    return sum(false);
  }

  public long reads() {
    return sum(true);
  }

  /** Reads beyond one look per step (and the look that sees a started change done): polls. */
  public long polls() {
    return reads() - minimum.totalReads();
  }

  /** Polls per simulated minute a datastore spent waiting, over all datastores. */
  public double pollsPerWaitMinute() {
    double minutes = waitMinutes.values().stream().mapToDouble(Double::doubleValue).sum();
    return minutes <= 0 ? Double.NaN : polls() / minutes;
  }

  /** Writes made by operation beyond (positive) or short of (negative) the minimum. */
  public Map<String, Long> extraWrites() {
    Map<String, Long> extra = new java.util.TreeMap<>();
    calls.forEach(
        (k, v) -> {
          if (!PowerBounds.isRead(k.substring(k.indexOf(':') + 1))) extra.merge(k, v, Long::sum);
        });
    minimum.writes().forEach((k, v) -> extra.merge(k, -v, Long::sum));
    extra.values().removeIf(v -> v == 0);
    return extra;
  }

  private long sum(boolean reads) {
    return calls.entrySet().stream()
        .filter(e -> PowerBounds.isRead(e.getKey().substring(e.getKey().indexOf(':') + 1)) == reads)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
