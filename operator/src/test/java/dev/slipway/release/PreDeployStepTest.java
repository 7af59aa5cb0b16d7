package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The deterministic startedBy that lets a restarted operator find its pre-deploy task. */
class PreDeployStepTest {
  private static final String UID = "6a1f0b7e-3c1d-4d8e-9f00-0123456789ab";

  private static ReleaseContext ctx(String image, String uid, String retry) {
    ServiceRelease sr =
        Releases.withMigration(Releases.web("web", image), "bin/rails", "db:migrate");
    sr.getMetadata().setUid(uid);
    ServiceReleaseStatus status = new ServiceReleaseStatus();
    status.retryAcknowledged = retry;
    return new ReleaseContext(sr, status, ReleasePlan.of(sr), Instant.EPOCH);
  }

  private static ReleaseContext ctx() {
    return ctx("registry/web:v1", UID, null);
  }

  @Test
  void startedByFitsEcsLimitOf36Characters() {
    String startedBy = PreDeployStep.startedBy(ctx(), "migrate");
    assertThat(startedBy).hasSizeLessThanOrEqualTo(36).matches("^slipway-[0-9a-f]{16}$");
  }

  @Test
  void startedByIsDeterministic() {
    assertThat(PreDeployStep.startedBy(ctx(), "migrate"))
        .isEqualTo(PreDeployStep.startedBy(ctx(), "migrate"));
  }

  @Test
  void startedByDiffersByStep() {
    assertThat(PreDeployStep.startedBy(ctx(), "migrate"))
        .isNotEqualTo(PreDeployStep.startedBy(ctx(), "seed"));
  }

  @Test
  void startedByDiffersBySpec() {
    assertThat(PreDeployStep.startedBy(ctx("registry/web:v2", UID, null), "migrate"))
        .isNotEqualTo(PreDeployStep.startedBy(ctx(), "migrate"));
  }

  @Test
  void startedByDiffersByRetry() {
    String first = PreDeployStep.startedBy(ctx(), "migrate");
    String retry1 = PreDeployStep.startedBy(ctx("registry/web:v1", UID, "1"), "migrate");
    String retry2 = PreDeployStep.startedBy(ctx("registry/web:v1", UID, "2"), "migrate");
    assertThat(retry1).isNotEqualTo(first);
    assertThat(retry2).isNotEqualTo(retry1).isNotEqualTo(first);
  }

  @Test
  void startedByDiffersByResource() {
    assertThat(
            PreDeployStep.startedBy(
                ctx("registry/web:v1", "00000000-0000-4000-8000-000000000000", null), "migrate"))
        .isNotEqualTo(PreDeployStep.startedBy(ctx(), "migrate"));
  }

  @Test
  void taskIdIsTheLastArnSegment() {
    assertThat(
            PreDeployStep.taskId(
                "arn:aws:ecs:ap-northeast-1:123456789012:task/core/0f3c2b1a9d8e4f7b8c6d5e4f3a2b1c0d"))
        .isEqualTo("0f3c2b1a9d8e4f7b8c6d5e4f3a2b1c0d");
    assertThat(PreDeployStep.taskId("arn:aws:ecs:us-east-1:123456789012:task/abc"))
        .isEqualTo("abc");
    assertThat(PreDeployStep.taskId("plain-id")).isEqualTo("plain-id");
  }

  @Test
  void taskIdOfNullIsAQuestionMark() {
    assertThat(PreDeployStep.taskId(null)).isEqualTo("?");
  }
}
