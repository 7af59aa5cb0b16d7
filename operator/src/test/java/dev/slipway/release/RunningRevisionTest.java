package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;

/** Which deployment's image serves traffic while ECS rolls forward or back. */
class RunningRevisionTest {
  private static Deployment deployment(String id, String status, String state, int running) {
    return Deployment.builder()
        .id(id)
        .status(status)
        .rolloutState(state)
        .taskDefinition("td/" + id)
        .runningCount(running)
        .build();
  }

  @Test
  void aCompletedPrimaryServes() {
    Deployment primary = deployment("v2", "PRIMARY", "COMPLETED", 2);
    Deployment old = deployment("v1", "ACTIVE", "COMPLETED", 1);
    assertThat(RunningRevision.serving(List.of(primary, old), primary)).isSameAs(primary);
  }

  @Test
  void whileRollingOutTheLastCompletedDeploymentStillServes() {
    Deployment primary = deployment("v2", "PRIMARY", "IN_PROGRESS", 1);
    Deployment old = deployment("v1", "ACTIVE", "COMPLETED", 2);
    assertThat(RunningRevision.serving(List.of(primary, old), primary)).isSameAs(old);
  }

  @Test
  void duringACircuitBreakerRollbackTheFailedDeploymentNeverCounts() {
    Deployment rollback = deployment("v1-again", "PRIMARY", "IN_PROGRESS", 1);
    Deployment failed = deployment("v2", "ACTIVE", "FAILED", 0);
    Deployment old = deployment("v1", "ACTIVE", "COMPLETED", 2);
    assertThat(RunningRevision.serving(List.of(rollback, failed, old), rollback)).isSameAs(old);
    assertThat(RunningRevision.serving(List.of(rollback, failed), rollback))
        .as("nothing completed runs any more: what ECS is bringing up")
        .isSameAs(rollback);
  }

  @Test
  void aServiceFromBeforeRolloutStatesShowsItsPrimary() {
    Deployment primary = deployment("v1", "PRIMARY", null, 2);
    assertThat(RunningRevision.serving(List.of(primary), primary)).isSameAs(primary);
  }
}
