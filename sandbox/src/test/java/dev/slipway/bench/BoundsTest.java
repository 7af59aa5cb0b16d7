package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.aws.ThrottleBucket;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The token-bucket bounds and percentiles the report compares measurements with. */
class BoundsTest {

  @Test
  void thousandServiceWritesTakeAtLeast190SecondsAtAwsRates() {
    assertThat(Bounds.awsSeconds(1000, ThrottleBucket.ECS_SERVICE_WRITE)).isEqualTo(190.0);
  }

  @Test
  void thousandRegistrationsTakeAtLeast980SecondsAtAwsRates() {
    assertThat(Bounds.awsSeconds(1000, ThrottleBucket.ECS_TASK_DEFINITION_WRITE)).isEqualTo(980.0);
  }

  @Test
  void clientSideBoundUsesTheLimitersShareOfBurstAndRefill() {
    // 90 %: burst 18, 0.9/s → (1000 - 18) / 0.9
    assertThat(Bounds.clientSeconds(1000, ThrottleBucket.ECS_TASK_DEFINITION_WRITE, 0.9))
        .isCloseTo(1091.11, within(0.01));
  }

  @Test
  void callsWithinTheBurstAreBoundByNothing() {
    assertThat(Bounds.awsSeconds(50, ThrottleBucket.ECS_SERVICE_WRITE)).isZero();
    assertThat(Bounds.ratio(3.0, 0)).isNaN();
    assertThat(Bounds.ratio(3.0, 2.0)).isEqualTo(1.5);
  }

  @Test
  void peakInWindowCountsTheBusiestWindowWhereverItStarts() {
    long s = 1_000_000_000L;
    // 3 calls in [0.5 s, 1.4 s]: straddles the second boundary; the window is half-open.
    List<Long> nanos = List.of(0L, s / 2, s - 1, s + s * 4 / 10, 3 * s, 3 * s + s);
    assertThat(Bounds.peakInWindow(nanos, s)).isEqualTo(3);
    assertThat(Bounds.peakInWindow(List.of(), s)).isZero();
    assertThat(Bounds.peakInWindow(List.of(5L, 5L, 5L), s)).isEqualTo(3);
  }

  @Test
  void percentilesAreNearestRank() {
    List<Double> hundred = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
    assertThat(Bounds.percentile(hundred, 50)).isEqualTo(50.0);
    assertThat(Bounds.percentile(hundred, 99)).isEqualTo(99.0);
    assertThat(Bounds.percentile(List.of(7.0), 99)).isEqualTo(7.0);
    assertThat(Bounds.percentile(List.of(), 50)).isNaN();
  }

  @Test
  void refillTimeIsBurstOverRate() {
    assertThat(Bounds.refillSeconds(ThrottleBucket.ECS_TASK_DEFINITION_WRITE)).isEqualTo(20.0);
  }

  @Test
  void aBurstAtOnceLeavesBurstMinusCallsAndRefillsBetweenCalls() {
    // 50 calls at the same instant from a full 50/5 bucket leave it empty, not throttled.
    List<Long> burst = IntStream.range(0, 50).mapToObj(i -> 0L).toList();
    assertThat(Bounds.lowestLevel(burst, 50, 5)).isZero();
    // One more at the same instant finds it empty: AWS would throttle it.
    List<Long> over = IntStream.range(0, 51).mapToObj(i -> 0L).toList();
    assertThat(Bounds.lowestLevel(over, 50, 5)).isEqualTo(-1.0);
    // Calls a second apart on a 5/s bucket never dip below burst - 1.
    List<Long> spaced = IntStream.range(0, 10).mapToObj(i -> i * 1_000_000_000L).toList();
    assertThat(Bounds.lowestLevel(spaced, 50, 5)).isEqualTo(49.0);
    assertThat(Bounds.lowestLevel(List.of(), 50, 5)).isEqualTo(50.0);
  }
}
