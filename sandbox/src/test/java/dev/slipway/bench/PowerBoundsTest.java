package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.aws.ThrottleBucket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds a fleet's sleep or wake is compared with, for 300 services, 150 autoscaled. */
class PowerBoundsTest {

  @Test
  void sleepingThreeHundredIsBoundByUpdateService() {
    PowerBounds b =
        PowerBounds.of(
            Map.of(
                "ecs:UpdateService", 300L,
                "ecs:DescribeServices", 900L,
                "application-autoscaling:RegisterScalableTarget", 150L),
            0.9);
    // (300 - 50) / 5 on UpdateService beats (150 - 20) / 10 on Application Auto Scaling.
    assertThat(b.writeBound().bucket()).isEqualTo(ThrottleBucket.ECS_SERVICE_WRITE);
    assertThat(b.writeBound().awsSeconds()).isEqualTo(50.0);
    // At 90 %: (300 - 45) / 4.5.
    assertThat(b.writeBound().clientSeconds()).isCloseTo(56.67, within(0.01));
    assertThat(b.of(ThrottleBucket.AUTOSCALING).awsSeconds()).isEqualTo(13.0);
  }

  @Test
  void readsCountAgainstTheBucketTheyShareWithWrites() {
    PowerBounds b =
        PowerBounds.of(
            Map.of(
                "ecs:UpdateService", 300L,
                "application-autoscaling:RegisterScalableTarget", 300L,
                "application-autoscaling:DescribeScalableTargets", 1200L),
            0.9);
    // Writes alone: UpdateService 50 s; Auto Scaling (300 - 20) / 10 = 28 s.
    assertThat(b.writeBound().awsSeconds()).isEqualTo(50.0);
    assertThat(b.writes()).containsEntry(ThrottleBucket.AUTOSCALING, 300L);
    // Every call: 1500 Auto Scaling calls, (1500 - 20) / 10 = 148 s.
    assertThat(b.callBound().bucket()).isEqualTo(ThrottleBucket.AUTOSCALING);
    assertThat(b.callBound().tokens()).isEqualTo(1500);
    assertThat(b.callBound().awsSeconds()).isEqualTo(148.0);
  }

  @Test
  void noCallsNoBound() {
    PowerBounds b = PowerBounds.of(Map.of(), 0.9);
    assertThat(b.writeBound().awsSeconds()).isZero();
    assertThat(b.writeBound().bucket()).isNull();
    assertThat(PowerBounds.isRead("GetCallerIdentity")).isTrue();
    assertThat(PowerBounds.isRead("RegisterScalableTarget")).isFalse();
  }

  @Test
  void wakeNeedsTwoRegistrationsPerAutoscaledService() {
    Transition wake =
        new Transition(
            Transition.WAKE, 300, 150, 60, 3600, Map.of(), Map.of(), Map.of(), Map.of(), 0, 0, 0);
    assertThat(wake.minimumServiceWrites()).isEqualTo(300);
    assertThat(wake.minimumAutoscalingWrites()).isEqualTo(300);
  }
}
