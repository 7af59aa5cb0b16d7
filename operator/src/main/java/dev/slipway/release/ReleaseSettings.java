package dev.slipway.release;

import java.time.Duration;

/**
 * Timing knobs of the release engine. Polls grow with the age of what is being waited for (a fresh
 * rollout is checked often, a long one rarely) between {@code minPoll} and {@code maxPoll}.
 */
public record ReleaseSettings(
    Duration minPoll, Duration maxPoll, Duration resync, int historyLimit) {

  public static ReleaseSettings defaults() {
    return new ReleaseSettings(
        Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(3), 10);
  }

  /** The sandbox compresses time, so it polls in real seconds. */
  public static ReleaseSettings fast() {
    return new ReleaseSettings(
        Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(20), 10);
  }

  /** When to look again at something that has been in progress for {@code elapsed}. */
  public Duration pollAfter(Duration elapsed) {
    Duration quarter = elapsed.dividedBy(4);
    if (quarter.compareTo(minPoll) < 0) return minPoll;
    return quarter.compareTo(maxPoll) > 0 ? maxPoll : quarter;
  }
}
