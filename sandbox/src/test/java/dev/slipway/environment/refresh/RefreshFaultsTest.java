package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.aws.OpenSearchRestPort;
import dev.slipway.environment.refresh.RefreshScene.Chain;
import dev.slipway.sandbox.sim.CallStats;
import dev.slipway.sandbox.sim.FaultKind;
import dev.slipway.sandbox.sim.FaultRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every step of every kind of refresh chain meets a retryable AWS failure (5xx, 503 or throttling)
 * on consecutive attempts: the step alone records it, nothing after it runs, its retries come at
 * growing intervals, and once AWS answers again the run succeeds with its datastore made once.
 */
class RefreshFaultsTest {
  /** Failed attempts before the fault goes: enough for two intervals to compare. */
  static final int FAILED_PASSES = 3;

  /** A step, the call of it that fails, how, and the error code the step must then record. */
  record Case(Chain chain, String step, String fault, FaultKind kind, String code) {
    /** What the step's error message must say: AWS's message, or the domain's HTTP status. */
    String says() {
      String operation = fault.substring(fault.indexOf(':') + 1);
      if (!fault.startsWith("es:") || !OpenSearchRestPort.OPERATIONS.contains(operation)) {
        return kind.message();
      }
      int status = kind == FaultKind.THROTTLING ? 429 : kind.status();
      return "HTTP " + status + " from the domain";
    }

    @Override
    public String toString() {
      return chain + " " + step + " <- " + fault + " " + kind;
    }
  }

  static Stream<Case> cases() {
    Chain clone = Chain.AURORA_CLONE;
    Chain snap = Chain.AURORA_SNAPSHOT;
    Chain cache = Chain.ELASTICACHE;
    Chain search = Chain.OPENSEARCH;
    Chain post = Chain.POST;
    FaultKind five = FaultKind.INTERNAL_FAILURE;
    FaultKind busy = FaultKind.SERVICE_UNAVAILABLE;
    FaultKind slow = FaultKind.THROTTLING;
    String e500 = five.code();
    String e503 = busy.code();
    // Query-protocol services (RDS, ElastiCache, STS) call it Throttling, JSON ones add Exception.
    String rate = "Throttling";
    String rateJson = "ThrottlingException";
    return Stream.of(
        new Case(clone, "checkSource", "rds:DescribeDBClusters", busy, e503),
        new Case(clone, "deleteInstances", "rds:DeleteDBInstance", five, e500),
        new Case(clone, "deleteCluster", "rds:DeleteDBCluster", slow, rate),
        new Case(clone, "awaitIdentifierFree", "rds:DescribeDBClusters", five, e500),
        new Case(clone, "restore", "rds:RestoreDBClusterToPointInTime", busy, e503),
        new Case(clone, "awaitCluster", "rds:DescribeDBClusters", slow, rate),
        new Case(clone, "upgrade", "rds:ModifyDBCluster", five, e500),
        new Case(clone, "createInstances", "rds:CreateDBInstance", busy, e503),
        new Case(clone, "awaitInstances", "rds:DescribeDBInstances", slow, rate),
        // A snapshot's checkSource makes no call (the restore reads the snapshot): nothing to fail.
        new Case(snap, "deleteInstances", "rds:DeleteDBInstance", busy, e503),
        new Case(snap, "deleteCluster", "rds:DeleteDBCluster", five, e500),
        new Case(snap, "awaitIdentifierFree", "rds:DescribeDBClusters", slow, rate),
        new Case(snap, "restore", "rds:RestoreDBClusterFromSnapshot", five, e500),
        new Case(snap, "awaitCluster", "rds:DescribeDBClusters", busy, e503),
        new Case(snap, "createInstances", "rds:CreateDBInstance", slow, rate),
        new Case(snap, "awaitInstances", "rds:DescribeDBInstances", five, e500),
        new Case(cache, "checkSource", "sts:GetCallerIdentity", five, e500),
        new Case(cache, "checkSource", "elasticache:DescribeSnapshots", slow, rate),
        new Case(cache, "exportBackup", "elasticache:CopySnapshot", five, e500),
        new Case(cache, "awaitExport", "s3:ListObjectsV2", busy, e503),
        new Case(cache, "deleteOldGroup", "elasticache:DeleteReplicationGroup", slow, rate),
        new Case(cache, "awaitGroupGone", "elasticache:DescribeReplicationGroups", five, e500),
        new Case(cache, "createGroup", "elasticache:CreateReplicationGroup", busy, e503),
        new Case(cache, "awaitGroupAvailable", "elasticache:DescribeReplicationGroups", slow, rate),
        // The domain's configuration API, then its endpoint (HTTP), which answers with its codes.
        new Case(search, "checkSource", "es:DescribeDomain", slow, rateJson),
        new Case(search, "checkSource", "es:PutSnapshotRepository", busy, "Http503"),
        new Case(search, "checkSource", "es:GetSnapshots", five, "Http500"),
        new Case(search, "deleteIndices", "es:DeleteIndices", five, "Http500"),
        new Case(search, "restore", "es:RestoreSnapshot", slow, "rejected_execution_exception"),
        new Case(search, "awaitGreen", "es:ClusterHealth", busy, "Http503"),
        new Case(post, "run:mask", "ecs:RunTask", five, e500),
        new Case(post, "await:mask", "ecs:DescribeTasks", slow, rateJson));
  }

  /** One failed attempt: when it was made and when the workflow said to look again. */
  record Attempt(Instant at, Instant next) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aStepFailingForAWhileIsRetriedAtGrowingIntervalsThenTheRunSucceeds(Case c) {
    try (RefreshScene scene = new RefreshScene(c.chain())) {
      if (c.chain().needsYesterday()) {
        RefreshStatus.Run yesterday = scene.runToTheEnd("r-yesterday");
        assertThat(yesterday.result).as(yesterday.message).isEqualTo("Succeeded");
      }
      scene.sim.resetCounters();
      List<NamedStep> steps =
          armedAt(
              scene.steps(),
              c.step(),
              () -> scene.sim.faults().set(c.fault(), FaultRule.errors(1.0, c.kind())));
      RefreshStatus.Run run =
          RefreshWorkflow.start("r-today", "OnDemand", steps, scene.clock.instant());
      List<Attempt> attempts = new ArrayList<>();
      for (int pass = 0; pass < RefreshScene.MAX_PASSES && run.result.equals("Running"); pass++) {
        Optional<Instant> next = advance(scene, run, steps);
        RefreshStatus.Step failing = step(run, c.step());
        if (failing.attempt != null && failing.attempt > attempts.size()) {
          attempts.add(new Attempt(scene.clock.instant(), Instant.parse(failing.nextAttemptAt)));
          assertOnlyTheStepFailed(scene, c, run, attempts.size());
          if (attempts.size() == FAILED_PASSES) scene.sim.faults().remove(c.fault());
          else assertNotRetriedBefore(scene, c, run, steps, failing.nextAttemptAt);
        }
        next.ifPresent(scene::moveTo);
      }

      assertThat(run.result).as(run.message).isEqualTo("Succeeded");
      assertThat(attempts)
          .as("failed attempts; %s ended as: %s", c.step(), step(run, c.step()).detail)
          .hasSize(FAILED_PASSES);
      assertGrowingIntervals(attempts);
      for (RefreshStatus.Step st : run.steps) {
        assertThat(st.state).as(st.step).isEqualTo("Done");
        assertThat(st.errorCode).as(st.step).isNull();
        assertThat(st.attempt)
            .as(st.step)
            .isEqualTo(st == step(run, c.step()) ? FAILED_PASSES : null);
      }
      // One datastore made: the faulted attempts of the create itself were refused, not applied.
      CallStats creates = scene.creates();
      boolean createFaulted = c.step().equals(c.chain().createStep);
      assertThat(creates.accepted()).isEqualTo(1);
      assertThat(creates.received()).isEqualTo(1 + (createFaulted ? FAILED_PASSES : 0));
      scene.assertOnlyDatastoreIsFrom(run);
    }
  }

  /**
   * The failing step records the error and how often it met it; the steps before it are done, the
   * ones after it were never looked at, and the datastore was made only if its step came before.
   */
  private static void assertOnlyTheStepFailed(
      RefreshScene scene, Case c, RefreshStatus.Run run, int attempt) {
    assertThat(run.result).isEqualTo("Running");
    assertThat(run.message).contains(c.step() + " (" + c.code() + ", attempt " + attempt);
    int at = run.steps.indexOf(step(run, c.step()));
    for (int i = 0; i < run.steps.size(); i++) {
      RefreshStatus.Step st = run.steps.get(i);
      if (i == at) {
        assertThat(st.state).isEqualTo("Running");
        assertThat(st.errorCode).isEqualTo(c.code());
        assertThat(st.errorMessage).contains(c.says());
        assertThat(st.errorKind).isEqualTo("wait-and-retry");
        assertThat(st.attempt).isEqualTo(attempt);
      } else {
        assertThat(st.errorCode).as(st.step).isNull();
        assertThat(st.attempt).as(st.step).isNull();
        assertThat(st.state).as(st.step).isEqualTo(i < at ? "Done" : "Pending");
        if (i > at) assertThat(st.startedAt).as(st.step + " never looked at").isNull();
      }
    }
    assertThat(faults(scene, c).faulted()).isEqualTo(attempt);
    boolean createdBefore = at > run.steps.indexOf(step(run, c.chain().createStep));
    assertThat(scene.creates().accepted()).isEqualTo(createdBefore ? 1 : 0);
  }

  /** A pass a second before the retry is due leaves the step alone and calls nothing of it. */
  private static void assertNotRetriedBefore(
      RefreshScene scene, Case c, RefreshStatus.Run run, List<NamedStep> steps, String due) {
    Instant next = Instant.parse(due);
    long calls = faults(scene, c).received();
    int attempt = step(run, c.step()).attempt;
    scene.moveTo(next.minusSeconds(1));
    assertThat(advance(scene, run, steps)).contains(next);
    assertThat(step(run, c.step()).attempt).isEqualTo(attempt);
    assertThat(faults(scene, c).received()).isEqualTo(calls);
  }

  /**
   * Each interval is the un-jittered schedule (15 s doubling, capped) within the ±20 % jitter. And
   * each is longer than the one before, whatever the jitter drew: doubling gives at least 0.8 × 2 =
   * 1.6 times the previous base, the previous interval is at most 1.2 times it. A constant or
   * shrinking backoff fails here.
   */
  private static void assertGrowingIntervals(List<Attempt> attempts) {
    Duration previous = Duration.ZERO;
    for (int k = 1; k <= attempts.size(); k++) {
      Attempt a = attempts.get(k - 1);
      Duration interval = Duration.between(a.at(), a.next());
      long base =
          Math.min(
              RefreshWorkflow.FIRST_RETRY.toMillis() << (k - 1),
              RefreshWorkflow.MAX_RETRY.toMillis());
      assertThat(interval.toMillis())
          .as("interval after attempt %d", k)
          .isBetween((long) (base * 0.8), (long) (base * 1.2));
      assertThat(interval).as("interval after attempt %d", k).isGreaterThan(previous);
      if (k < attempts.size()) {
        assertThat(attempts.get(k).at()).as("attempt %d made when due", k + 1).isEqualTo(a.next());
      }
      previous = interval;
    }
  }

  /**
   * The steps, with the fault set as the workflow first enters {@code name}: steps before it may
   * make the same call (every step describes first), and one pass runs several steps, so there is
   * no moment between passes to set it.
   */
  private static List<NamedStep> armedAt(List<NamedStep> steps, String name, Runnable arm) {
    AtomicBoolean armed = new AtomicBoolean();
    return steps.stream()
        .map(
            s ->
                !s.name().equals(name)
                    ? s
                    : new NamedStep(
                        s.datastore(),
                        s.name(),
                        ctx -> {
                          if (armed.compareAndSet(false, true)) arm.run();
                          return s.body().apply(ctx);
                        }))
        .toList();
  }

  private static Optional<Instant> advance(
      RefreshScene scene, RefreshStatus.Run run, List<NamedStep> steps) {
    return scene.workflow.advance(scene.env, scene.target, run, steps, scene.clock.instant());
  }

  private static CallStats faults(RefreshScene scene, Case c) {
    String[] key = c.fault().split(":");
    return scene.sim.calls(key[0], key[1]);
  }

  private static RefreshStatus.Step step(RefreshStatus.Run run, String name) {
    return run.steps.stream().filter(s -> s.step.equals(name)).findFirst().orElseThrow();
  }
}
