package dev.slipway.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusControlsTest {

  @Test
  void ownStatusPatchesDoNotTriggerAPassButSpecAndAnnotationChangesDo() {
    StagingEnvironment before = env(1L, Map.of());
    StagingEnvironment statusOnly = env(1L, Map.of());
    statusOnly.setStatus(new StagingEnvironmentStatus());
    assertThat(StatusControls.worthReconciling(statusOnly, before)).isFalse();
    assertThat(StatusControls.worthReconciling(env(2L, Map.of()), before)).isTrue();
    assertThat(StatusControls.worthReconciling(env(1L, Map.of("slipway.dev/retry", "1")), before))
        .isTrue();
  }

  @Test
  void anUnchangedStatusIsNotPatched() {
    StagingEnvironment env = env(1L, Map.of());
    StagingEnvironmentStatus status = new StagingEnvironmentStatus();
    status.url = "http://qa:10000";
    env.setStatus(status);
    StagingEnvironmentStatus same = new StagingEnvironmentStatus();
    same.url = "http://qa:10000";
    assertThat(StatusControls.patchIfChanged(env, same, status, null).isPatchStatus()).isFalse();
    StagingEnvironmentStatus moved = new StagingEnvironmentStatus();
    moved.url = "http://qa:10001";
    assertThat(StatusControls.patchIfChanged(env, moved, status, null).isPatchStatus()).isTrue();
  }

  @Test
  void aReconcileErrorNamesTheCauseThatSaysSomething() {
    Exception e = new RuntimeException(new IllegalStateException("target group taken"));
    e = new RuntimeException(null, e.getCause());
    assertThat(StatusControls.reconcileError(e))
        .isEqualTo(
            "reconcile failed, retrying with backoff: IllegalStateException: target group taken");
    Exception wrapped =
        new RuntimeException(
            "java.lang.IllegalStateException: boom", new IllegalStateException("boom"));
    assertThat(StatusControls.reconcileError(wrapped))
        .as("a framework wrapper that repeats its cause")
        .isEqualTo("reconcile failed, retrying with backoff: IllegalStateException: boom");
  }

  private static StagingEnvironment env(Long generation, Map<String, String> annotations) {
    StagingEnvironment env = new StagingEnvironment();
    env.setMetadata(
        new ObjectMetaBuilder()
            .withName("e")
            .withGeneration(generation)
            .withAnnotations(annotations)
            .build());
    return env;
  }

  @Test
  void aPassInterruptedByShutdownIsNotTheResourcesError() {
    Exception stopped =
        new RuntimeException("patch failed", new java.io.InterruptedIOException("stopping"));
    assertThat(StatusControls.interruptedByShutdown(stopped)).isTrue();
    assertThat(StatusControls.interruptedByShutdown(new IllegalStateException("bad"))).isFalse();
  }

  @Test
  void onlyTheFirstFailureOfAnEpisodeIsNew() {
    java.util.List<io.fabric8.kubernetes.api.model.Condition> conditions =
        new java.util.ArrayList<>();
    assertThat(StatusControls.newReconcileError(conditions)).isTrue();
    Conditions.set(
        conditions, Conditions.DEGRADED, true, "ReconcileError", "x", 1L, java.time.Instant.EPOCH);
    assertThat(StatusControls.newReconcileError(conditions)).isFalse();
    Conditions.set(
        conditions, Conditions.DEGRADED, false, "AsExpected", "", 1L, java.time.Instant.EPOCH);
    assertThat(StatusControls.newReconcileError(conditions)).isTrue();
  }
}
