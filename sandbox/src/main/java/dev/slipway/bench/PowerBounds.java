package dev.slipway.bench;

import dev.slipway.aws.ThrottleBucket;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The least time a fleet transition (sleep or wake) can take on AWS's buckets: for the writes it
 * made (UpdateService, RegisterScalableTarget: what the transition is), and for all the calls it
 * made, reads included, since reads draw from buckets too (Application Auto Scaling's describes
 * share its one bucket with its writes).
 *
 * @param writes tokens the transition's writes took, per bucket
 * @param calls tokens all its calls took, per bucket
 * @param fraction the share of each bucket the client-side limiter allows itself
 */
public record PowerBounds(
    Map<ThrottleBucket, Long> writes, Map<ThrottleBucket, Long> calls, double fraction) {

  /** The bucket that binds and the least time it allows, in seconds. */
  public record Binding(
      ThrottleBucket bucket, long tokens, double awsSeconds, double clientSeconds) {
    static final Binding NONE = new Binding(null, 0, 0, 0);
  }

  /** From calls AWS accepted, keyed "service:Operation" as the simulator counts them. */
  public static PowerBounds of(Map<String, Long> accepted, double fraction) {
    Map<ThrottleBucket, Long> writes = new EnumMap<>(ThrottleBucket.class);
    Map<ThrottleBucket, Long> calls = new EnumMap<>(ThrottleBucket.class);
    accepted.forEach(
        (key, count) -> {
          int colon = key.indexOf(':');
          String service = key.substring(0, colon);
          String operation = key.substring(colon + 1);
          for (ThrottleBucket b : ThrottleBucket.forCall(service, operation)) {
            calls.merge(b, count, Long::sum);
            if (!isRead(operation)) writes.merge(b, count, Long::sum);
          }
        });
    return new PowerBounds(writes, calls, fraction);
  }

  /** Describe*, List* and Get* change nothing. */
  static boolean isRead(String operation) {
    String op = operation.toLowerCase(Locale.ROOT);
    return op.startsWith("describe") || op.startsWith("list") || op.startsWith("get");
  }

  /** The bound of the writes alone: the slowest of their buckets. */
  public Binding writeBound() {
    return slowest(writes).orElse(Binding.NONE);
  }

  /** The bound of everything the transition sent: the slowest bucket of all its calls. */
  public Binding callBound() {
    return slowest(calls).orElse(Binding.NONE);
  }

  /** The bound of one bucket for the tokens the transition's calls took from it. */
  public Binding of(ThrottleBucket bucket) {
    return binding(bucket, calls.getOrDefault(bucket, 0L));
  }

  private Optional<Binding> slowest(Map<ThrottleBucket, Long> tokens) {
    return tokens.entrySet().stream()
        .map(e -> binding(e.getKey(), e.getValue()))
        .max(
            java.util.Comparator.comparingDouble(Binding::awsSeconds)
                .thenComparingDouble(Binding::clientSeconds));
  }

  private Binding binding(ThrottleBucket b, long tokens) {
    return new Binding(
        b, tokens, Bounds.awsSeconds(tokens, b), Bounds.clientSeconds(tokens, b, fraction));
  }
}
