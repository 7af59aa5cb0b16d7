package dev.slipway.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.AwsUnavailableException;
import dev.slipway.datastore.DatastoreException;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ready, Progressing and Degraded mean the same for every phase of both kinds. */
class ConditionContractTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  static Stream<String> everyPhase() {
    return Stream.concat(
            Arrays.stream(ServiceReleaseStatus.Phase.values()).map(Enum::name),
            Arrays.stream(StagingEnvironmentStatus.Phase.values()).map(Enum::name))
        .distinct();
  }

  @ParameterizedTest
  @MethodSource("everyPhase")
  void everyPhaseHasAStandingAndExactlyOneOfReadyProgressingOrAnotherState(String phase) {
    List<Condition> conditions = new ArrayList<>();
    ConditionContract.apply(conditions, phase, "Reason", "message", 1L, NOW);

    Map<String, String> status =
        conditions.stream().collect(Collectors.toMap(Condition::getType, Condition::getStatus));
    assertThat(status).containsOnlyKeys("Ready", "Progressing", "Degraded");
    ConditionContract.Standing standing = ConditionContract.Standing.of(phase);
    assertThat(status.get("Ready"))
        .isEqualTo(standing == ConditionContract.Standing.READY ? "True" : "False");
    assertThat(status.get("Degraded"))
        .isEqualTo(standing == ConditionContract.Standing.FAILED ? "True" : "False");
    assertThat(status.get("Progressing"))
        .isEqualTo(
            standing == ConditionContract.Standing.PROGRESSING
                    || standing == ConditionContract.Standing.DELETING
                ? "True"
                : "False");
    assertThat(conditions).allSatisfy(c -> assertThat(c.getReason()).isNotBlank());
  }

  @Test
  void theSamePhaseNameMeansTheSameOnBothKinds() {
    assertThat(ConditionContract.Standing.of(ServiceReleaseStatus.Phase.Ready.name()))
        .isEqualTo(ConditionContract.Standing.of(StagingEnvironmentStatus.Phase.Ready.name()));
    assertThat(ConditionContract.Standing.of("Failed"))
        .isEqualTo(ConditionContract.Standing.FAILED);
    assertThat(ConditionContract.Standing.of("RolledBack"))
        .isEqualTo(ConditionContract.Standing.FAILED);
    assertThat(ConditionContract.Standing.of("Provisioning"))
        .isEqualTo(ConditionContract.Standing.of("Progressing"));
    assertThat(ConditionContract.Standing.of("Expired")).isEqualTo(ConditionContract.Standing.IDLE);
  }

  @Test
  void aBlockedTeardownIsDegradedWhileItProgresses() {
    List<Condition> conditions = new ArrayList<>();
    ConditionContract.apply(
        conditions, "Deleting", "TeardownBlocked", "waiting to drop x", 1L, NOW);
    assertThat(Conditions.isTrue(conditions, Conditions.PROGRESSING)).isTrue();
    assertThat(Conditions.isTrue(conditions, Conditions.DEGRADED)).isTrue();
    assertThat(Conditions.find(conditions, Conditions.DEGRADED).orElseThrow().getReason())
        .isEqualTo("TeardownBlocked");
  }

  @Test
  void aRetriedFailureSetsOnlyDegradedWithANamedReason() {
    List<Condition> conditions = new ArrayList<>();
    ConditionContract.apply(conditions, "Ready", "Released", "2/2 running", 1L, NOW);
    ConditionContract.retrying(conditions, "DatabaseUnavailable", "no answer", 1L, NOW);
    assertThat(Conditions.isTrue(conditions, Conditions.READY)).isTrue();
    assertThat(Conditions.find(conditions, Conditions.DEGRADED).orElseThrow().getReason())
        .isEqualTo("DatabaseUnavailable");
  }

  @Test
  void failuresAreClassifiedByWhatFailed() {
    assertThat(
            ReconcileErrors.classify(
                    new RuntimeException(
                        "wrapped", new DatastoreException("SELECT 1 failed on jdbc:x", null, true)))
                .reason())
        .isEqualTo("DatabaseUnavailable");
    assertThat(ReconcileErrors.classify(new DatastoreException("refused", null)).reason())
        .isEqualTo("DatabaseError");
    assertThat(
            ReconcileErrors.classify(
                    new AwsUnavailableException(
                        new AwsTarget("123456789012", "ap-northeast-1", null),
                        "ecs",
                        "breaker open",
                        null))
                .reason())
        .isEqualTo("AwsUnavailable");
    ReconcileErrors.Classified bug = ReconcileErrors.classify(new IllegalStateException("boom"));
    assertThat(bug.reason()).isEqualTo("ReconcileError");
    assertThat(bug.message()).contains("IllegalStateException").contains("boom");
    assertThat(ConditionContract.TRANSIENT_REASONS)
        .contains("ReconcileError", "DatabaseUnavailable", "AwsUnavailable");
  }

  @Test
  void messagesLeaveOutAwsRequestIdsSoARetryDoesNotRewriteStatus() {
    String message =
        ReconcileErrors.classify(
                new DatastoreException(
                    "Service is unavailable. (Service: Ecs, Status Code: 503, Request ID:"
                        + " 75d0ee3a-342c-49be-a12a-b01d543d3140)",
                    null,
                    true))
            .message();
    assertThat(message).doesNotContain("Request ID").contains("Status Code: 503");
  }
}
