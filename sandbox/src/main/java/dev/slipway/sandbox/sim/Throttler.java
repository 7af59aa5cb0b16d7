package dev.slipway.sandbox.sim;

import dev.slipway.aws.ThrottleBucket;
import dev.slipway.aws.TokenBucket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side throttling with AWS's published buckets, one token bucket per (account, region,
 * bucket). Runs on real time because the operator's client-side limiters do.
 */
final class Throttler {
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  /** Takes a token from every bucket the call draws from; false if any of them is empty. */
  boolean tryAcquire(String account, String region, String service, String operation) {
    List<ThrottleBucket> needed = ThrottleBucket.forCall(service, operation);
    List<TokenBucket> resolved =
        needed.stream().map(b -> bucket(account + "/" + region + "/" + b.name(), b)).toList();
    // Check all before taking any, so a call rejected by its second bucket does not drain the
    // first.
    synchronized (this) {
      for (TokenBucket b : resolved) {
        if (b.available() < 1) return false;
      }
      resolved.forEach(TokenBucket::tryAcquire);
      return true;
    }
  }

  private TokenBucket bucket(String key, ThrottleBucket b) {
    return buckets.computeIfAbsent(key, k -> new TokenBucket(b.burst(), b.refillPerSecond()));
  }
}
