package dev.slipway.sandbox.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Simulated time for the AWS simulator: either fully manual or real time sped up by a factor. */
public final class SimClock extends Clock {
  private final Instant start;
  private final double factor;
  private final long realStartNanos;
  private long offsetNanos;

  private SimClock(Instant start, double factor) {
    this.start = start;
    this.factor = factor;
    this.realStartNanos = System.nanoTime();
  }

  /** A clock that stands still until {@link #advance(Duration)} moves it. */
  public static SimClock manual(Instant start) {
    return new SimClock(start, 0);
  }

  /** A clock whose time runs {@code factor} times faster than real time. */
  public static SimClock scaled(Instant start, double factor) {
    if (factor <= 0) {
      throw new IllegalArgumentException("factor must be positive");
    }
    return new SimClock(start, factor);
  }

  /** Moves simulated time forward (on a scaled clock this adds to the running offset). */
  public synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward");
    }
    offsetNanos += by.toNanos();
  }

  /** How many times faster than real time this clock runs (0 for a manual clock). */
  public double factor() {
    return factor;
  }

  @Override
  public synchronized Instant instant() {
    long scaled = (long) ((System.nanoTime() - realStartNanos) * factor);
    return start.plusNanos(scaled + offsetNanos);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Simulated time is zone-less; callers wanting local time convert the instant themselves.
    throw new UnsupportedOperationException("SimClock is always UTC");
  }
}
