package dev.slipway.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Client-side token buckets per (target, AWS throttle bucket) that pace Slipway below AWS's own
 * limits, so throttling is rare and other tools sharing the account keep some headroom.
 *
 * <p>We deliberately use {@link TokenBucket} rather than Resilience4j's RateLimiter: R4j hands out
 * a fixed number of permits per fixed refresh window, which cannot express AWS's buckets (a large
 * burst that refills slowly and continuously).
 */
final class ClientRateLimiter {
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final double fraction;
  private final Duration maxWait;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final AwsCallMetrics metrics;

  ClientRateLimiter(
      AwsResilienceSettings settings,
      LongSupplier nanoTime,
      Sleeper sleeper,
      AwsCallMetrics metrics) {
    this.fraction = settings.rateLimitFraction();
    this.maxWait = settings.maxRateLimitWait();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.metrics = metrics;
  }

  /**
   * Takes a token from every bucket the call draws from, sleeping until the slowest is due.
   *
   * @throws AwsRateLimitedException if that wait would exceed the configured maximum
   */
  void acquire(AwsTarget target, List<ThrottleBucket> draws) {
    sleeper.sleepOrCancel(reserve(target, draws));
  }

  /**
   * Checks all buckets before reserving in any, under one lock, so a refused call leaves no debt
   * behind that would delay later calls. The lock only guards arithmetic, never a sleep.
   */
  private synchronized long reserve(AwsTarget target, List<ThrottleBucket> draws) {
    for (ThrottleBucket draw : draws) {
      long predicted = predictedWaitNanos(bucket(target, draw), draw);
      if (predicted > maxWait.toNanos()) {
        throw new AwsRateLimitedException(target, draw, Duration.ofNanos(predicted), maxWait);
      }
    }
    long longest = 0;
    for (ThrottleBucket draw : draws) {
      long wait = bucket(target, draw).reserveNanos();
      metrics.rateLimitWait(draw, wait);
      longest = Math.max(longest, wait);
    }
    return longest;
  }

  private long predictedWaitNanos(TokenBucket bucket, ThrottleBucket draw) {
    double missing = 1 - bucket.available();
    return missing <= 0 ? 0 : (long) Math.ceil(missing / refillPerSecond(draw) * 1e9);
  }

  private TokenBucket bucket(AwsTarget target, ThrottleBucket draw) {
    return buckets.computeIfAbsent(
        target.key() + "|" + draw.name(),
        k ->
            new TokenBucket(Math.max(1, draw.burst() * fraction), refillPerSecond(draw), nanoTime));
  }

  private double refillPerSecond(ThrottleBucket draw) {
    return draw.refillPerSecond() * fraction;
  }
}
