package dev.slipway.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.ReleaseAnnotations;
import dev.slipway.release.ServiceReleaseReconciler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When promote, abort and retry set their annotation, and what they say when they do not. */
class ReleaseActionTest {
  static final ObjectRef WEB = new ObjectRef(ObjectKind.SERVICE_RELEASE, "web");

  @Test
  void eachActionSetsItsAnnotation() {
    assertThat(ReleaseAction.PROMOTE.annotation()).isEqualTo(ReleaseAnnotations.PROMOTE_ANNOTATION);
    assertThat(ReleaseAction.ABORT.annotation()).isEqualTo(ReleaseAnnotations.ABORT_ANNOTATION);
    assertThat(ReleaseAction.RETRY.annotation())
        .isEqualTo(ServiceReleaseReconciler.RETRY_ANNOTATION)
        .isEqualTo("slipway.dev/retry");
  }

  @Test
  void tokensAreRfc3339TimesWithMilliseconds() {
    Clock at = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
    assertThat(ReleaseAction.token(at)).isEqualTo("2025-03-04T05:06:07.000Z");
    Clock later = Clock.fixed(Instant.parse("2025-03-04T05:06:07.891Z"), ZoneOffset.UTC);
    assertThat(ReleaseAction.token(later)).isEqualTo("2025-03-04T05:06:07.891Z");
  }

  @Test
  void eachActionAppliesInItsPhasesOnly() {
    assertThat(ReleaseAction.PROMOTE.refusal(WEB, "AwaitingPromotion", null, "t", false)).isEmpty();
    assertThat(ReleaseAction.PROMOTE.refusal(WEB, "Baking", null, "t", false)).isPresent();
    assertThat(ReleaseAction.ABORT.refusal(WEB, "Baking", null, "t", false)).isEmpty();
    assertThat(ReleaseAction.ABORT.refusal(WEB, "Progressing", null, "t", false)).isEmpty();
    assertThat(ReleaseAction.ABORT.refusal(WEB, "Ready", null, "t", false)).isPresent();
    assertThat(ReleaseAction.RETRY.refusal(WEB, "Failed", null, "t", false)).isEmpty();
    assertThat(ReleaseAction.RETRY.refusal(WEB, "RolledBack", "old", "t", false)).isEmpty();
    assertThat(ReleaseAction.RETRY.refusal(WEB, "Ready", null, "t", false)).isPresent();
  }

  @Test
  void aRefusalSaysWhyAndHowToOverride() {
    assertThat(ReleaseAction.PROMOTE.refusal(WEB, "Ready", null, "t", false))
        .hasValue(
            "ServiceRelease \"web\" is not awaiting promotion (Ready); promote applies in phase"
                + " AwaitingPromotion. --force sets slipway.dev/promote anyway.");
    assertThat(ReleaseAction.ABORT.refusal(WEB, null, null, "t", false).orElseThrow())
        .contains("has no rollout in progress to abort")
        .contains("no phase yet")
        .contains("Progressing, AwaitingPromotion or Baking");
  }

  @Test
  void forceOverridesThePhaseButNotARepeatedValue() {
    assertThat(ReleaseAction.PROMOTE.refusal(WEB, "Ready", null, "t", true)).isEmpty();
    assertThat(ReleaseAction.PROMOTE.refusal(WEB, null, "old", "t", true)).isEmpty();
    assertThat(ReleaseAction.RETRY.refusal(WEB, "Failed", "t", "t", true))
        .hasValueSatisfying(
            m -> assertThat(m).contains("already has slipway.dev/retry=t").contains("new value"));
  }
}
