package dev.slipway.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.release.ReleaseAnnotations;
import dev.slipway.release.ServiceReleaseReconciler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When promote, abort, retry and run set their annotation, and what they say when they do not. */
class AnnotationActionTest {
  static final ObjectRef WEB = new ObjectRef(ObjectKind.SERVICE_RELEASE, "web");
  static final ObjectRef NIGHTLY = new ObjectRef(ObjectKind.SCHEDULED_TASK, "nightly");

  @Test
  void eachActionSetsItsAnnotation() {
    assertThat(AnnotationAction.PROMOTE.annotation())
        .isEqualTo(ReleaseAnnotations.PROMOTE_ANNOTATION);
    assertThat(AnnotationAction.ABORT.annotation()).isEqualTo(ReleaseAnnotations.ABORT_ANNOTATION);
    assertThat(AnnotationAction.RETRY.annotation())
        .isEqualTo(ServiceReleaseReconciler.RETRY_ANNOTATION)
        .isEqualTo("slipway.dev/retry");
    assertThat(AnnotationAction.RUN_NOW.annotation()).isEqualTo(ScheduledTask.RUN_NOW_ANNOTATION);
    assertThat(AnnotationAction.RUN_NOW.kind()).isEqualTo(ObjectKind.SCHEDULED_TASK);
    assertThat(AnnotationAction.RETRY.kind()).isEqualTo(ObjectKind.SERVICE_RELEASE);
  }

  @Test
  void eachKnowsWhereTheOperatorAcknowledgesItsValue() throws Exception {
    // The pointers name fields the operator writes: a typo would silently drop "(acted on)".
    ServiceReleaseStatus release = new ServiceReleaseStatus();
    release.retryAcknowledged = "r";
    release.progressive = new ServiceReleaseStatus.ProgressiveStatus();
    release.progressive.promoteAcknowledged = "p";
    release.progressive.abortAcknowledged = "a";
    ScheduledTaskStatus task = new ScheduledTaskStatus();
    task.runNowAcknowledged = "n";
    ObjectMapper json = new ObjectMapper();
    JsonNode releaseJson = json.valueToTree(release);
    assertThat(releaseJson.at(AnnotationAction.RETRY.acknowledged()).asText()).isEqualTo("r");
    assertThat(releaseJson.at(AnnotationAction.PROMOTE.acknowledged()).asText()).isEqualTo("p");
    assertThat(releaseJson.at(AnnotationAction.ABORT.acknowledged()).asText()).isEqualTo("a");
    assertThat(json.valueToTree(task).at(AnnotationAction.RUN_NOW.acknowledged()).asText())
        .isEqualTo("n");
  }

  @Test
  void tokensAreRfc3339TimesWithMilliseconds() {
    Clock at = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
    assertThat(AnnotationAction.token(at)).isEqualTo("2025-03-04T05:06:07.000Z");
    Clock later = Clock.fixed(Instant.parse("2025-03-04T05:06:07.891Z"), ZoneOffset.UTC);
    assertThat(AnnotationAction.token(later)).isEqualTo("2025-03-04T05:06:07.891Z");
  }

  @Test
  void eachActionAppliesInItsPhasesOnly() {
    assertThat(AnnotationAction.PROMOTE.refusal(WEB, "AwaitingPromotion", null, "t", false))
        .isEmpty();
    assertThat(AnnotationAction.PROMOTE.refusal(WEB, "Baking", null, "t", false)).isPresent();
    assertThat(AnnotationAction.ABORT.refusal(WEB, "Baking", null, "t", false)).isEmpty();
    assertThat(AnnotationAction.ABORT.refusal(WEB, "Progressing", null, "t", false)).isEmpty();
    assertThat(AnnotationAction.ABORT.refusal(WEB, "Ready", null, "t", false)).isPresent();
    assertThat(AnnotationAction.RETRY.refusal(WEB, "Failed", null, "t", false)).isEmpty();
    assertThat(AnnotationAction.RETRY.refusal(WEB, "RolledBack", "old", "t", false)).isEmpty();
    assertThat(AnnotationAction.RETRY.refusal(WEB, "Ready", null, "t", false)).isPresent();
    for (String phase : new String[] {"Scheduled", "Suspended", "Sleeping"}) {
      assertThat(AnnotationAction.RUN_NOW.refusal(NIGHTLY, phase, "old", "t", false)).isEmpty();
    }
    for (String phase : new String[] {"Pending", "Invalid", "Failed", "Deleting"}) {
      assertThat(AnnotationAction.RUN_NOW.refusal(NIGHTLY, phase, null, "t", false))
          .hasValueSatisfying(m -> assertThat(m).contains("cannot start a run now (" + phase));
    }
  }

  @Test
  void aRefusalSaysWhyAndHowToOverride() {
    assertThat(AnnotationAction.PROMOTE.refusal(WEB, "Ready", null, "t", false))
        .hasValue(
            "ServiceRelease \"web\" is not awaiting promotion (Ready); promote applies in phase"
                + " AwaitingPromotion. --force sets slipway.dev/promote anyway.");
    assertThat(AnnotationAction.ABORT.refusal(WEB, null, null, "t", false).orElseThrow())
        .contains("has no rollout in progress to abort")
        .contains("no phase yet")
        .contains("Progressing, AwaitingPromotion or Baking");
  }

  @Test
  void forceOverridesThePhaseButNotARepeatedValue() {
    assertThat(AnnotationAction.PROMOTE.refusal(WEB, "Ready", null, "t", true)).isEmpty();
    assertThat(AnnotationAction.PROMOTE.refusal(WEB, null, "old", "t", true)).isEmpty();
    assertThat(AnnotationAction.RETRY.refusal(WEB, "Failed", "t", "t", true))
        .hasValueSatisfying(
            m -> assertThat(m).contains("already has slipway.dev/retry=t").contains("new value"));
  }
}
