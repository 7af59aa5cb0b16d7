package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.SleepRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/**
 * When a pass may trust what the sleep record says about the scalable target instead of reading it.
 * The port is null: a read or a write would throw.
 */
class ScalableTargetsTest {
  private final ScalableTargets targets = new ScalableTargets(null);

  @Test
  void aServiceWithoutAutoscalingHasNoTargetToAskAbout() {
    ReleaseContext ctx = ctx(false, null);
    assertThat(ScalableTargets.mayExist(ctx)).isFalse();
    assertThat(targets.known(ctx)).isEmpty();
    assertThat(targets.read(ctx)).isEmpty();
  }

  @Test
  void aRecordWithATargetAtSleepStillCountsAfterTheSpecDroppedAutoscaling() {
    SleepRecord rec = asleep("0..0");
    rec.minCapacity = 2;
    rec.maxCapacity = 6;
    assertThat(ScalableTargets.mayExist(ctx(false, rec))).isTrue();
  }

  @Test
  void whatSlipwayRegisteredIsTrustedWithEverythingSuspended() {
    ScalableTarget t = targets.known(ctx(true, asleep("2..6"))).orElseThrow();
    assertThat(t.minCapacity()).isEqualTo(2);
    assertThat(t.maxCapacity()).isEqualTo(6);
    assertThat(ScalableTargets.allSuspended(t)).isTrue();
  }

  @Test
  void noneMeansNoTarget() {
    assertThat(targets.known(ctx(true, asleep(ScalableTargets.NONE)))).isEmpty();
  }

  @Test
  void rightAfterTheRecordPassTheRecordedTargetIsTrusted() {
    SleepRecord rec = new SleepRecord();
    rec.state = SleepRecord.FALLING_ASLEEP;
    rec.minCapacity = 2;
    rec.maxCapacity = 6;
    rec.dynamicScalingOutSuspended = true;
    ScalableTarget t = targets.known(ctx(true, rec)).orElseThrow();
    assertThat(t.minCapacity()).isEqualTo(2);
    assertThat(t.suspendedState().dynamicScalingOutSuspended()).isTrue();
    assertThat(t.suspendedState().dynamicScalingInSuspended()).isFalse();
    assertThat(ScalableTargets.allSuspended(t)).isFalse();
  }

  @Test
  void aPassKeepsWhatItKnows() {
    ReleaseContext ctx = ctx(true, asleep("0..0"));
    targets.known(ctx);
    ctx.status.sleep.scalableTarget = "5..5";
    assertThat(targets.known(ctx).orElseThrow().maxCapacity()).isZero();
  }

  private static SleepRecord asleep(String target) {
    SleepRecord rec = new SleepRecord();
    rec.state = SleepRecord.ASLEEP;
    rec.scalableTarget = target;
    return rec;
  }

  private static ReleaseContext ctx(boolean autoscaled, SleepRecord rec) {
    ServiceRelease sr = Releases.web("web", "registry/web:v1");
    if (autoscaled) {
      sr.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
      sr.getSpec().service.autoscaling.minCapacity = 2;
      sr.getSpec().service.autoscaling.maxCapacity = 6;
    }
    ServiceReleaseStatus status = new ServiceReleaseStatus();
    status.sleep = rec;
    return new ReleaseContext(sr, status, ReleasePlan.of(sr), Instant.EPOCH);
  }
}
