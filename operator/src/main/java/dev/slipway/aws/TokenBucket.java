package dev.slipway.aws;

import java.util.function.LongSupplier;

/**
 * A token bucket with a burst capacity and a steady refill rate, the algorithm AWS documents for
 * its API throttling. Used server side by the simulator and client side by the rate limiters.
 * Thread-safe.
 */
public final class TokenBucket {
  private final double capacity;
  private final double refillPerNano;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastRefill;

  public TokenBucket(double capacity, double refillPerSecond, LongSupplier nanoTime) {
    if (capacity <= 0 || refillPerSecond <= 0) {
      throw new IllegalArgumentException("capacity and refill must be positive");
    }
    this.capacity = capacity;
    this.refillPerNano = refillPerSecond / 1e9;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.lastRefill = nanoTime.getAsLong();
  }

  public TokenBucket(double capacity, double refillPerSecond) {
    this(capacity, refillPerSecond, System::nanoTime);
  }

  /** Takes one token if there is one. */
  public synchronized boolean tryAcquire() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /**
   * Reserves one token, going into debt if needed, and returns how long the caller must wait before
   * using it (0 when a token was available). Reserving keeps waiting callers in order.
   */
  public synchronized long reserveNanos() {
    refill();
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / refillPerNano);
  }

  /** Tokens available now (may be negative while callers wait on reservations). */
  public synchronized double available() {
    refill();
    return tokens;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    long elapsed = now - lastRefill;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
      lastRefill = now;
    }
  }
}
