package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Poll intervals grow with elapsed time and stay within [minPoll, maxPoll]. */
class ReleaseSettingsTest {
  private final ReleaseSettings settings = ReleaseSettings.defaults();

  @ParameterizedTest(name = "after {0}s poll in {1}s")
  @CsvSource({
    "0, 5",
    "4, 5",
    "20, 5",
    "21, 5.25",
    "40, 10",
    "120, 30",
    "240, 60",
    "241, 60",
    "3600, 60",
  })
  void pollAfterIsAQuarterOfElapsedClamped(long elapsedSeconds, double expectedSeconds) {
    Duration poll = settings.pollAfter(Duration.ofSeconds(elapsedSeconds));
    assertThat(poll).isEqualTo(Duration.ofMillis(Math.round(expectedSeconds * 1000)));
  }

  @Test
  void negativeElapsedPollsAtTheMinimum() {
    assertThat(settings.pollAfter(Duration.ofSeconds(-30))).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void pollAfterNeverShrinksAsTimePasses() {
    Duration previous = Duration.ZERO;
    for (int s = 0; s <= 600; s += 7) {
      Duration poll = settings.pollAfter(Duration.ofSeconds(s));
      assertThat(poll).isGreaterThanOrEqualTo(previous);
      assertThat(poll).isBetween(settings.minPoll(), settings.maxPoll());
      previous = poll;
    }
    assertThat(settings.pollAfter(Duration.ofSeconds(600)))
        .isGreaterThan(settings.pollAfter(Duration.ofSeconds(60)));
  }

  @Test
  void fastSettingsClampToTheirOwnBounds() {
    ReleaseSettings fast = ReleaseSettings.fast();
    assertThat(fast.pollAfter(Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(fast.pollAfter(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(1));
    assertThat(fast.pollAfter(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(settings.minPoll()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.maxPoll()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.resync()).isEqualTo(Duration.ofMinutes(3));
    assertThat(settings.historyLimit()).isEqualTo(10);
  }
}
