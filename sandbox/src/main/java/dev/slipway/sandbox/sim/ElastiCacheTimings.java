package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Simulated durations of ElastiCache's slow operations. Each draw is uniform between a typical
 * minimum and maximum, except that a small share of operations land in a long tail up to {@code
 * *Tail}: real exports and restores occasionally take several times longer than usual, and
 * reconcilers must keep waiting rather than give up.
 */
public record ElastiCacheTimings(
    Duration exportMin,
    Duration exportMax,
    Duration exportTail,
    Duration createMin,
    Duration createMax,
    Duration createTail,
    Duration deleteMin,
    Duration deleteMax,
    double tailProbability) {

  public ElastiCacheTimings {
    Objects.requireNonNull(exportMin);
    Objects.requireNonNull(createMin);
    Objects.requireNonNull(deleteMin);
    if (exportMax.compareTo(exportMin) < 0
        || exportTail.compareTo(exportMax) < 0
        || createMax.compareTo(createMin) < 0
        || createTail.compareTo(createMax) < 0
        || deleteMax.compareTo(deleteMin) < 0) {
      throw new IllegalArgumentException("each range must satisfy min <= max <= tail");
    }
    if (tailProbability < 0 || tailProbability > 1) {
      throw new IllegalArgumentException("tailProbability is between 0 and 1");
    }
  }

  /** Export ~3-8 min (tail 20), create from RDB ~6-12 min (tail 30), delete ~2-5 min. */
  public static ElastiCacheTimings defaults() {
    return new ElastiCacheTimings(
        Duration.ofMinutes(3),
        Duration.ofMinutes(8),
        Duration.ofMinutes(20),
        Duration.ofMinutes(6),
        Duration.ofMinutes(12),
        Duration.ofMinutes(30),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        0.05);
  }

  /** The same shape in seconds instead of minutes, for demos on a real-time clock. */
  public static ElastiCacheTimings fast() {
    return new ElastiCacheTimings(
        Duration.ofSeconds(3),
        Duration.ofSeconds(8),
        Duration.ofSeconds(20),
        Duration.ofSeconds(6),
        Duration.ofSeconds(12),
        Duration.ofSeconds(30),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        0.05);
  }

  Duration export(Random random) {
    return draw(random, exportMin, exportMax, exportTail);
  }

  Duration create(Random random) {
    return draw(random, createMin, createMax, createTail);
  }

  Duration delete(Random random) {
    return draw(random, deleteMin, deleteMax, deleteMax);
  }

  private Duration draw(Random random, Duration min, Duration max, Duration tail) {
    boolean inTail = random.nextDouble() < tailProbability;
    Duration from = inTail ? max : min;
    Duration to = inTail ? tail : max;
    long span = to.toMillis() - from.toMillis();
    return from.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * span));
  }
}
