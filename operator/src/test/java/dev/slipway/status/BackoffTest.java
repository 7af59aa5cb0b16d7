package dev.slipway.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one backoff of failed passes and blocked teardowns: doubling, and never past its cap. */
class BackoffTest {
  @Test
  void failedPassesBackOffExponentiallyUpToTheConfiguredCap() {
    Backoff production = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    assertThat(production.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(production.after(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(production.after(40)).isEqualTo(Duration.ofMinutes(5));
    assertThat(production.jittered(4)).isBetween(Duration.ofMillis(7200), Duration.ofSeconds(8));
  }

  @Test
  void blockedTeardownsNeverWaitLongerThanTheCapWithJitter() {
    // Seen as SE-5 in the stateful test: the teardown waited 5 minutes when the operator's retry
    // was capped at 60 s, so it was still blocked a minute after its database came back.
    Backoff retry = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    for (int failures = 1; failures < 40; failures++) {
      assertThat(retry.jittered(failures)).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }
    assertThat(retry.jittered(40)).isGreaterThanOrEqualTo(Duration.ofSeconds(54));
  }
}
