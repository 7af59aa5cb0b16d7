package dev.slipway.release.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookDetail;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/** ServiceDeployments as a release sees them: the pause hook, bake time, and the endings. */
class DeploymentViewTest {
  static final Instant EXPIRES = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void aPauseHookAwaitingActionIsAwaitingPromotionWhateverTheStage() {
    DeploymentView v =
        DeploymentView.of(
            deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT")
                .lifecycleHookDetails(
                    hook("h-lambda", "AWS_LAMBDA", "AWAITING_ACTION"),
                    hook("h-pause", "PAUSE", "AWAITING_ACTION"))
                .build());
    assertThat(v.state()).isEqualTo(DeploymentView.State.AwaitingPromotion);
    assertThat(v.hookId()).isEqualTo("h-pause");
    assertThat(v.hookExpiresAt()).isEqualTo(EXPIRES);
    assertThat(v.ended()).isFalse();
  }

  @Test
  void anAnsweredPauseHookNoLongerHolds() {
    DeploymentView v =
        DeploymentView.of(
            deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT")
                .lifecycleHookDetails(hook("h-pause", "PAUSE", "SUCCEEDED"))
                .build());
    assertThat(v.state()).isEqualTo(DeploymentView.State.InProgress);
    assertThat(v.hookId()).isNull();
  }

  @Test
  void stagesAndEndings() {
    assertThat(state("IN_PROGRESS", "BAKE_TIME")).isEqualTo(DeploymentView.State.Baking);
    assertThat(state("PENDING", null)).isEqualTo(DeploymentView.State.InProgress);
    assertThat(state("SUCCESSFUL", "CLEAN_UP")).isEqualTo(DeploymentView.State.Succeeded);
    assertThat(state("ROLLBACK_IN_PROGRESS", "BAKE_TIME"))
        .isEqualTo(DeploymentView.State.RollingBack);
    assertThat(state("ROLLBACK_SUCCESSFUL", null)).isEqualTo(DeploymentView.State.RolledBack);
    assertThat(state("ROLLBACK_FAILED", null)).isEqualTo(DeploymentView.State.RollbackFailed);
    assertThat(state("STOPPED", null)).isEqualTo(DeploymentView.State.Stopped);
    assertThat(DeploymentView.of(deployment("ROLLBACK_SUCCESSFUL", null).build()).ended()).isTrue();
  }

  private static DeploymentView.State state(String status, String stage) {
    return DeploymentView.of(deployment(status, stage).build()).state();
  }

  private static ServiceDeployment.Builder deployment(String status, String stage) {
    return ServiceDeployment.builder()
        .serviceDeploymentArn("arn:aws:ecs:ap-northeast-1:123456789012:service-deployment/c/s/d1")
        .status(status)
        .lifecycleStage(stage);
  }

  private static DeploymentLifecycleHookDetail hook(String id, String type, String status) {
    return DeploymentLifecycleHookDetail.builder()
        .hookId(id)
        .targetType(type)
        .status(status)
        .expiresAt(EXPIRES)
        .build();
  }
}
