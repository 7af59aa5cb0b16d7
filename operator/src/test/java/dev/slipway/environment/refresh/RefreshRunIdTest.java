package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Run ids depend only on what started the run, so a pass on a stale copy begins the same run; and
 * what a stale write brings back (a finished run twice, or current again) is folded away.
 */
class RefreshRunIdTest {
  static final Instant SLOT = Instant.parse("2026-12-04T21:00:00Z");

  @Test
  void aScheduledRunIsNamedAfterItsSlotAndTheSameTriggerGivesTheSameId() {
    RefreshStatus status = new RefreshStatus();
    String id =
        Refreshes.runId(env("uid-1"), status, "Schedule", Optional.of(SLOT), Refreshes.Night.AWAKE);
    assertThat(id).matches("r-20261204-2100-[0-9a-f]{4}");
    assertThat(
            Refreshes.runId(
                env("uid-1"), status, "Schedule", Optional.of(SLOT), Refreshes.Night.AWAKE))
        .isEqualTo(id);
    assertThat(
            Refreshes.runId(
                env("uid-2"), status, "Schedule", Optional.of(SLOT), Refreshes.Night.AWAKE))
        .isNotEqualTo(id);
  }

  @Test
  void anOnDemandRunDependsOnTheValueAndTheRunBeforeSoAReusedValueIsANewRun() {
    RefreshStatus status = new RefreshStatus();
    status.requestAcknowledged = "1";
    String first =
        Refreshes.runId(env("uid-1"), status, "OnDemand", Optional.empty(), Refreshes.Night.AWAKE);
    assertThat(first).matches("r-demand-[0-9a-f]{8}");
    assertThat(
            Refreshes.runId(
                env("uid-1"), status, "OnDemand", Optional.empty(), Refreshes.Night.AWAKE))
        .isEqualTo(first);
    status.history.add(run(first));
    assertThat(
            Refreshes.runId(
                env("uid-1"), status, "OnDemand", Optional.empty(), Refreshes.Night.AWAKE))
        .isNotEqualTo(first);
  }

  @Test
  void aStaleWriteIsFoldedBack() {
    RefreshStatus status = new RefreshStatus();
    status.history.add(run("r-b"));
    status.history.add(run("r-b"));
    status.history.add(run("r-a"));
    status.current = run("r-b");
    Refreshes.settle(status);
    assertThat(status.history).extracting(r -> r.runId).containsExactly("r-b", "r-a");
    assertThat(status.current).isNull();

    status.current = run("r-c");
    Refreshes.settle(status);
    assertThat(status.current.runId).isEqualTo("r-c");
  }

  private static RefreshStatus.Run run(String id) {
    RefreshStatus.Run r = new RefreshStatus.Run();
    r.runId = id;
    return r;
  }

  private static StagingEnvironment env(String uid) {
    StagingEnvironment e = new StagingEnvironment();
    e.getMetadata().setName("stg");
    e.getMetadata().setNamespace("default");
    e.getMetadata().setUid(uid);
    return e;
  }
}
