package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token bucket burst, refill and reservations. */
class TokenBucketTest {
  private final AtomicLong now = new AtomicLong();

  @Test
  void burstThenRefillAtSteadyRate() {
    TokenBucket bucket = new TokenBucket(50, 5, now::get);
    int granted = 0;
    while (bucket.tryAcquire()) granted++;
    assertThat(granted).isEqualTo(50);
    now.addAndGet(1_000_000_000L);
    granted = 0;
    while (bucket.tryAcquire()) granted++;
    assertThat(granted).isEqualTo(5);
  }

  @Test
  void neverExceedsCapacity() {
    TokenBucket bucket = new TokenBucket(20, 1, now::get);
    now.addAndGet(3_600_000_000_000L);
    assertThat(bucket.available()).isEqualTo(20.0);
  }

  @Test
  void reservationsQueueCallersAtTheRefillRate() {
    TokenBucket bucket = new TokenBucket(1, 2, now::get);
    assertThat(bucket.reserveNanos()).isZero();
    assertThat(bucket.reserveNanos()).isEqualTo(500_000_000L);
    assertThat(bucket.reserveNanos()).isEqualTo(1_000_000_000L);
  }
}
