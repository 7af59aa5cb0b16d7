package dev.slipway.status;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The operator's one backoff for passes that cannot finish: doubling from {@code initial}, never
 * longer than {@code max}. JOSDK's retry of a pass that threw and {@link DeletionFrame}'s retry of
 * a blocked teardown both follow it, so an operator configured to look again within {@code max}
 * does so for every failure, and a cause that went away is noticed within {@code max}.
 */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max: " + initial + ", " + max);
    }
  }

  /** The wait after {@code failures} failures in a row (1 = the first): doubling, capped. */
  public Duration after(int failures) {
    long millis = initial.toMillis() << Math.min(Math.max(failures, 1) - 1, 30);
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }

  /**
   * As {@link #after}, shortened by up to a tenth at random so objects blocked by the same outage
   * do not all come back at once; the jitter is taken off, never added, so the cap holds.
   */
  public Duration jittered(int failures) {
    long millis = after(failures).toMillis();
    return Duration.ofMillis(millis - ThreadLocalRandom.current().nextLong(0, 1 + millis / 10));
  }
}
