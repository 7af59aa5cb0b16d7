package dev.slipway.aws;

import java.time.Duration;

/**
 * Tuning for {@link AwsCalls}: client-side rate limiting, retry backoff and circuit breaking. Start
 * from {@link #defaults()} and adjust with the {@code withX} methods.
 *
 * @param rateLimitFraction share of AWS's published bucket (burst and refill) Slipway allows
 *     itself, leaving the rest for other tools using the same account
 * @param maxRateLimitWait longest a call may wait for a client-side token before failing fast
 * @param maxAttempts attempts per logical call, including the first
 * @param initialBackoff wait before the first retry (before jitter)
 * @param backoffMultiplier growth of the wait per retry
 * @param backoffJitter randomization factor: each wait is drawn from wait × [1 - j, 1 + j]
 * @param maxBackoff cap on a single wait between retries
 * @param breakerFailureRatePercent failure rate (5xx/IO, after retries) that opens the breaker
 * @param breakerWindowSize number of recent logical calls the failure rate is computed over
 * @param breakerMinimumCalls calls needed in the window before the breaker may open
 * @param breakerOpenDuration how long an open breaker fails fast before probing again
 * @param breakerHalfOpenCalls probe calls allowed while half-open
 */
public record AwsResilienceSettings(
    double rateLimitFraction,
    Duration maxRateLimitWait,
    int maxAttempts,
    Duration initialBackoff,
    double backoffMultiplier,
    double backoffJitter,
    Duration maxBackoff,
    float breakerFailureRatePercent,
    int breakerWindowSize,
    int breakerMinimumCalls,
    Duration breakerOpenDuration,
    int breakerHalfOpenCalls) {

  public AwsResilienceSettings {
    require(rateLimitFraction > 0 && rateLimitFraction <= 1, "rateLimitFraction in (0, 1]");
    require(!maxRateLimitWait.isNegative(), "maxRateLimitWait >= 0");
    require(maxAttempts >= 1, "maxAttempts >= 1");
    require(initialBackoff.toMillis() >= 1, "initialBackoff >= 1 ms");
    require(backoffMultiplier >= 1, "backoffMultiplier >= 1");
    require(backoffJitter >= 0 && backoffJitter < 1, "backoffJitter in [0, 1)");
    require(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff >= initialBackoff");
    require(breakerFailureRatePercent > 0 && breakerFailureRatePercent <= 100, "failure rate %");
    require(breakerWindowSize >= 1, "breakerWindowSize >= 1");
    require(breakerMinimumCalls >= 1, "breakerMinimumCalls >= 1");
    require(breakerOpenDuration.toMillis() >= 1, "breakerOpenDuration >= 1 ms");
    require(breakerHalfOpenCalls >= 1, "breakerHalfOpenCalls >= 1");
  }

  /**
   * Defaults sized so 30 % injected 5xx faults are absorbed by retries without opening breakers.
   */
  public static AwsResilienceSettings defaults() {
    return new AwsResilienceSettings(
        0.9,
        // A short wait smooths bursts; longer ones fail fast and the reconcile is requeued for
        // when its token will be there, so threads stay free to poll rollouts in flight.
        Duration.ofSeconds(2),
        5,
        Duration.ofMillis(200),
        2.0,
        0.5,
        Duration.ofSeconds(20),
        50f,
        20,
        10,
        Duration.ofSeconds(30),
        3);
  }

  public AwsResilienceSettings withRateLimitFraction(double value) {
    return new AwsResilienceSettings(
        value,
        maxRateLimitWait,
        maxAttempts,
        initialBackoff,
        backoffMultiplier,
        backoffJitter,
        maxBackoff,
        breakerFailureRatePercent,
        breakerWindowSize,
        breakerMinimumCalls,
        breakerOpenDuration,
        breakerHalfOpenCalls);
  }

  public AwsResilienceSettings withMaxRateLimitWait(Duration value) {
    return new AwsResilienceSettings(
        rateLimitFraction,
        value,
        maxAttempts,
        initialBackoff,
        backoffMultiplier,
        backoffJitter,
        maxBackoff,
        breakerFailureRatePercent,
        breakerWindowSize,
        breakerMinimumCalls,
        breakerOpenDuration,
        breakerHalfOpenCalls);
  }

  public AwsResilienceSettings withMaxAttempts(int value) {
    return new AwsResilienceSettings(
        rateLimitFraction,
        maxRateLimitWait,
        value,
        initialBackoff,
        backoffMultiplier,
        backoffJitter,
        maxBackoff,
        breakerFailureRatePercent,
        breakerWindowSize,
        breakerMinimumCalls,
        breakerOpenDuration,
        breakerHalfOpenCalls);
  }

  /** Sets initial wait, multiplier, jitter and cap of the retry backoff together. */
  public AwsResilienceSettings withBackoff(
      Duration initial, double multiplier, double jitter, Duration max) {
    return new AwsResilienceSettings(
        rateLimitFraction,
        maxRateLimitWait,
        maxAttempts,
        initial,
        multiplier,
        jitter,
        max,
        breakerFailureRatePercent,
        breakerWindowSize,
        breakerMinimumCalls,
        breakerOpenDuration,
        breakerHalfOpenCalls);
  }

  /**
   * Sets failure-rate threshold, window, minimum calls, open time and half-open probes together.
   */
  public AwsResilienceSettings withBreaker(
      float failureRatePercent,
      int windowSize,
      int minimumCalls,
      Duration openDuration,
      int halfOpenCalls) {
    return new AwsResilienceSettings(
        rateLimitFraction,
        maxRateLimitWait,
        maxAttempts,
        initialBackoff,
        backoffMultiplier,
        backoffJitter,
        maxBackoff,
        failureRatePercent,
        windowSize,
        minimumCalls,
        openDuration,
        halfOpenCalls);
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalArgumentException("AwsResilienceSettings: expected " + what);
    }
  }
}
