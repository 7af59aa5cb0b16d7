package dev.slipway.bench;

import java.util.Map;

/**
 * One sleep or wake of the whole fleet: how long it took (wall clock and on the simulated clock),
 * what AWS received, and throttling on both sides.
 *
 * @param calls requests AWS received, keyed "service:Operation"
 * @param awsThrottled of those, the ones AWS throttled
 * @param lowestLevels per bucket, the lowest level AWS's bucket fell to (see {@link CallLog})
 * @param clientWaitSeconds per bucket, time calls slept in the client-side limiter
 * @param clientRefused calls the limiter refused (never sent; the release requeued itself)
 * @param passes reconciles started during the transition
 */
public record Transition(
    String name,
    int services,
    int autoscaled,
    double seconds,
    double simulatedSeconds,
    Map<String, Long> calls,
    Map<String, Long> awsThrottled,
    Map<String, Double> lowestLevels,
    Map<String, Double> clientWaitSeconds,
    long clientRefused,
    long passes,
    long reconcileFailures) {

  public static final String SLEEP = "sleep";
  public static final String WAKE = "wake";

  public long calls(String key) {
    return calls.getOrDefault(key, 0L);
  }

  /** Requests per service for one "service:Operation". */
  public double perService(String key) {
    return (double) calls(key) / services;
  }

  /** Requests to one AWS service ("ecs", "application-autoscaling"), all operations. */
  public long callsTo(String service) {
    return calls.entrySet().stream()
        .filter(e -> e.getKey().startsWith(service + ":"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * The fewest UpdateService calls the transition needs: one per service (desiredCount to 0, or
   * back).
   */
  public long minimumServiceWrites() {
    return services;
  }

  /**
   * The fewest RegisterScalableTarget calls: per autoscaled service one to sleep (0..0, all
   * suspended), two to wake (the range back still suspended, then scaling resumed once healthy).
   */
  public long minimumAutoscalingWrites() {
    return WAKE.equals(name) ? 2L * autoscaled : autoscaled;
  }

  public PowerBounds bounds(double fraction) {
    Map<String, Long> accepted = new java.util.TreeMap<>(calls);
    awsThrottled.forEach((k, v) -> accepted.merge(k, -v, Long::sum));
    return PowerBounds.of(accepted, fraction);
  }

  public double clientWaitTotal() {
    return clientWaitSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  public long awsThrottledTotal() {
    return awsThrottled.values().stream().mapToLong(Long::longValue).sum();
  }
}
