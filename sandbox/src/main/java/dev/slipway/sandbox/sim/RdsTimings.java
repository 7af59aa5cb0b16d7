package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Simulated durations of Aurora operations. Each is a {@link Range}: usually uniform between min
 * and max, sometimes (tailChance) slower, up to tailMax, because real restores and instance
 * creations have long tails that a refresh schedule must survive.
 */
public record RdsTimings(
    Range cloneReady,
    Range snapshotRestore,
    Range instanceCreate,
    Range instanceDelete,
    Range clusterDelete,
    Range majorUpgrade,
    Range minorUpgrade,
    Range failedPrecheck,
    Range modify) {

  private static final double TAIL_CHANCE = 0.05;

  public RdsTimings {
    Objects.requireNonNull(cloneReady);
    Objects.requireNonNull(snapshotRestore);
    Objects.requireNonNull(instanceCreate);
    Objects.requireNonNull(instanceDelete);
    Objects.requireNonNull(clusterDelete);
    Objects.requireNonNull(majorUpgrade);
    Objects.requireNonNull(minorUpgrade);
    Objects.requireNonNull(failedPrecheck);
    Objects.requireNonNull(modify);
  }

  /** A duration drawn between min and max, or with probability tailChance up to tailMax. */
  public record Range(Duration min, Duration max, Duration tailMax, double tailChance) {

    public Range {
      if (min.isNegative() || max.compareTo(min) < 0 || tailMax.compareTo(max) < 0) {
        throw new IllegalArgumentException("need 0 <= min <= max <= tailMax");
      }
      if (tailChance < 0 || tailChance > 1) {
        throw new IllegalArgumentException("tailChance is between 0 and 1");
      }
    }

    /** A range without a tail. */
    public static Range between(Duration min, Duration max) {
      return new Range(min, max, max, 0);
    }

    Duration sample(Random random) {
      boolean tail = tailChance > 0 && random.nextDouble() < tailChance;
      Duration from = tail ? max : min;
      Duration to = tail ? tailMax : max;
      long span = to.toMillis() - from.toMillis();
      return from.plusMillis(span <= 0 ? 0 : (long) (random.nextDouble() * span));
    }
  }

  /**
   * What Aurora typically takes: clone 4-8 min (tail 20), snapshot restore 8-15 min (tail 40),
   * instance create 6-12 min (tail 25), instance delete 3-8 min (tail 15), cluster delete 1-3 min
   * once its instances are gone (tail 6), major upgrade 10-20 min (tail 45), minor upgrade 5-10 min
   * (tail 20), a failed upgrade precheck 2-5 min (tail 10), other modifications 20-60 s (tail 3
   * min). One call in twenty lands in the tail.
   */
  public static RdsTimings defaults() {
    return scaled(Duration.ofMinutes(1));
  }

  /** The same shape with every minute of {@link #defaults()} shrunk to a second. */
  public static RdsTimings fast() {
    return scaled(Duration.ofSeconds(1));
  }

  private static RdsTimings scaled(Duration unit) {
    return new RdsTimings(
        range(unit, 4, 8, 20),
        range(unit, 8, 15, 40),
        range(unit, 6, 12, 25),
        range(unit, 3, 8, 15),
        range(unit, 1, 3, 6),
        range(unit, 10, 20, 45),
        range(unit, 5, 10, 20),
        range(unit, 2, 5, 10),
        new Range(unit.multipliedBy(20).dividedBy(60), unit, unit.multipliedBy(3), TAIL_CHANCE));
  }

  private static Range range(Duration unit, long min, long max, long tail) {
    return new Range(
        unit.multipliedBy(min), unit.multipliedBy(max), unit.multipliedBy(tail), TAIL_CHANCE);
  }
}
