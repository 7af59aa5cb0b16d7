package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Simulated durations of a snapshot restore on an OpenSearch Service domain: each restored index is
 * red until its primaries are recovered from S3, yellow until its replicas are copied from them,
 * then green. A small share of indices takes a long tail, as large shards on a busy domain do.
 */
public record OpenSearchTimings(
    Duration primariesMin,
    Duration primariesMax,
    Duration replicasMin,
    Duration replicasMax,
    double tailProbability,
    Duration tail) {

  public OpenSearchTimings {
    Objects.requireNonNull(primariesMin);
    Objects.requireNonNull(primariesMax);
    Objects.requireNonNull(replicasMin);
    Objects.requireNonNull(replicasMax);
    Objects.requireNonNull(tail);
    if (primariesMax.compareTo(primariesMin) < 0 || replicasMax.compareTo(replicasMin) < 0) {
      throw new IllegalArgumentException("a maximum is below its minimum");
    }
    if (tailProbability < 0 || tailProbability > 1) {
      throw new IllegalArgumentException("tailProbability is a probability");
    }
  }

  /** Green 2-6 min after the restore starts; about one index in 20 takes up to ~15 min. */
  public static OpenSearchTimings defaults() {
    return new OpenSearchTimings(
        Duration.ofMinutes(1),
        Duration.ofMinutes(4),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        0.05,
        Duration.ofMinutes(9));
  }

  /** Green within ~10 s and no tail, for tests and demos that should not wait. */
  public static OpenSearchTimings fast() {
    return new OpenSearchTimings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        0,
        Duration.ZERO);
  }

  /** How long this index's primaries take to come back from the snapshot. */
  Duration primaries(Random random) {
    Duration d = between(primariesMin, primariesMax, random);
    return random.nextDouble() < tailProbability ? d.plus(tail) : d;
  }

  /** How long the replicas then take to copy from the recovered primaries. */
  Duration replicas(Random random) {
    return between(replicasMin, replicasMax, random);
  }

  private static Duration between(Duration min, Duration max, Random random) {
    long span = max.toMillis() - min.toMillis();
    return min.plusMillis(span == 0 ? 0 : (long) (random.nextDouble() * span));
  }
}
