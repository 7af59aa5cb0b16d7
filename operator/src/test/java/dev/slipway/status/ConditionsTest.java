package dev.slipway.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Standard Kubernetes conditions: one per type, transition time only moves on a status flip. */
class ConditionsTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2024-05-01T10:05:00Z");
  private static final Instant T2 = Instant.parse("2024-05-01T10:10:00Z");

  private final List<Condition> conditions = new ArrayList<>();

  private Condition only(String type) {
    return Conditions.find(conditions, type).orElseThrow();
  }

  @Test
  void setAddsAConditionWithAllFields() {
    Conditions.set(conditions, Conditions.READY, true, "Released", "2/2 running", 3L, T0);

    assertThat(conditions).hasSize(1);
    Condition c = only(Conditions.READY);
    assertThat(c.getType()).isEqualTo("Ready");
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("Released");
    assertThat(c.getMessage()).isEqualTo("2/2 running");
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
    assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void falseStatusIsTheStringFalse() {
    Conditions.set(conditions, Conditions.DEGRADED, false, "Healthy", null, 1L, T0);
    assertThat(only(Conditions.DEGRADED).getStatus()).isEqualTo("False");
    assertThat(only(Conditions.DEGRADED).getMessage()).isEmpty();
  }

  @Test
  void transitionTimeKeptWhenStatusUnchangedEvenIfReasonAndMessageChange() {
    Conditions.set(conditions, Conditions.PROGRESSING, true, "Rollout", "1/2", 1L, T0);
    Conditions.set(conditions, Conditions.PROGRESSING, true, "PreDeploy", "migrating", 2L, T1);

    Condition c = only(Conditions.PROGRESSING);
    assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(c.getReason()).isEqualTo("PreDeploy");
    assertThat(c.getMessage()).isEqualTo("migrating");
    assertThat(c.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void transitionTimeUpdatedWhenStatusFlips() {
    Conditions.set(conditions, Conditions.READY, false, "Progressing", "", 1L, T0);
    Conditions.set(conditions, Conditions.READY, true, "Released", "", 1L, T1);
    assertThat(only(Conditions.READY).getLastTransitionTime()).isEqualTo(T1.toString());

    Conditions.set(conditions, Conditions.READY, true, "Released", "", 1L, T2);
    assertThat(only(Conditions.READY).getLastTransitionTime()).isEqualTo(T1.toString());

    Conditions.set(conditions, Conditions.READY, false, "Degraded", "", 1L, T2);
    assertThat(only(Conditions.READY).getLastTransitionTime()).isEqualTo(T2.toString());
  }

  @Test
  void onlyOneConditionPerTypeSortedByType() {
    Conditions.set(conditions, Conditions.READY, true, "Released", "", 1L, T0);
    Conditions.set(conditions, Conditions.PROGRESSING, false, "Done", "", 1L, T0);
    Conditions.set(conditions, Conditions.DEGRADED, false, "Healthy", "", 1L, T0);
    Conditions.set(conditions, Conditions.READY, false, "Progressing", "", 2L, T1);
    Conditions.set(conditions, Conditions.READY, false, "Progressing", "", 2L, T2);

    assertThat(conditions)
        .extracting(Condition::getType)
        .containsExactly("Degraded", "Progressing", "Ready");
  }

  @Test
  void observedGenerationFollowsTheLatestSet() {
    Conditions.set(conditions, Conditions.READY, true, "Released", "", 4L, T0);
    Conditions.set(conditions, Conditions.READY, true, "Released", "", 5L, T1);
    assertThat(only(Conditions.READY).getObservedGeneration()).isEqualTo(5L);
  }

  @Test
  void isTrueReadsTheStatus() {
    assertThat(Conditions.isTrue(conditions, Conditions.READY)).isFalse();
    Conditions.set(conditions, Conditions.READY, true, "Released", "", 1L, T0);
    assertThat(Conditions.isTrue(conditions, Conditions.READY)).isTrue();
    Conditions.set(conditions, Conditions.READY, false, "Degraded", "", 1L, T1);
    assertThat(Conditions.isTrue(conditions, Conditions.READY)).isFalse();
    assertThat(Conditions.find(conditions, Conditions.PROGRESSING)).isEmpty();
  }
}
