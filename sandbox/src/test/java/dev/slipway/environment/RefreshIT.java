package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.environment.refresh.Refreshes;
import dev.slipway.sandbox.RestoredDatabase;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.FaultKind;
import dev.slipway.sandbox.sim.FaultRule;
import dev.slipway.sandbox.sim.RdsClusterInfo;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The every-morning refresh against the simulator's RDS (production in another account, shared
 * through RAM) and the machine's MariaDB standing in for the restored cluster: a clone with an
 * upgrade rehearsal, a snapshot restore, retries with growing intervals after injected failures,
 * the operator restarted mid-run without a second restore, a cluster the refresh did not create
 * left alone, and a branch environment whose schema disappears with the old data and comes back
 * with its migrations run again.
 */
class RefreshIT {
  static final String PROD = "111111111111";
  static final String REGION = Sandbox.REGION;
  static EnvironmentFixture fx;
  static RefreshRuns runs;
  static final AtomicInteger reloads = new AtomicInteger();

  @BeforeAll
  static void start() {
    fx = EnvironmentFixture.start(Duration.ofMillis(500));
    runs = new RefreshRuns(fx);
    var aws = fx.sandbox.aws();
    aws.seedAuroraCluster(PROD, REGION, "prod-main", "aurora-mysql", "5.7.mysql_aurora.2.11.2");
    aws.shareClusterWith(PROD, REGION, "prod-main", Sandbox.ACCOUNT);
    aws.seedAuroraCluster(PROD, REGION, "prod-secret", "aurora-mysql", "5.7.mysql_aurora.2.11.2");
    aws.seedAuroraCluster(PROD, REGION, "prod-pg", "aurora-postgresql", "13.12");
    aws.seedClusterSnapshot(PROD, REGION, "prod-pg", "prod-pg-nightly");
    aws.shareSnapshotWith(PROD, REGION, "prod-pg-nightly", Sandbox.ACCOUNT);
    RestoredDatabase standIn = RestoredDatabase.mysql("fresh_");
    RestoredDatabase pgStandIn = RestoredDatabase.postgres("test", "pgfresh_");
    aws.onClusterAvailable(
        e -> {
          if (e.clusterId().equals("stg-fresh")) {
            standIn.reload();
            reloads.incrementAndGet();
          }
          if (e.clusterId().equals("stg-pg")) pgStandIn.reload();
        });
  }

  @AfterAll
  static void stop() {
    for (StagingEnvironment env : Environments.all(fx.sandbox)) {
      if (env.isBranch()) fx.sandbox.client().resource(env).delete();
    }
    await()
        .atMost(EnvironmentFixture.WAIT)
        .until(() -> Environments.all(fx.sandbox).stream().noneMatch(StagingEnvironment::isBranch));
    fx.close();
  }

  @Test
  void cloneWithUpgradeRehearsalThenBranchSchemasComeBackWithTheirMigrations() throws Exception {
    StagingEnvironment shared = Environments.sharedPort("fresh", Engine.mysql, fx.lb, 13000, 13010);
    shared.getSpec().branches.ttl = null;
    shared.getSpec().refresh =
        refresh(clone("main", "prod-main", "stg-fresh", "8.0.mysql_aurora.3.05.2"));
    shared.getSpec().refresh.postSteps = List.of(post("mask", "bin/rails db:mask"));
    fx.apply(shared);
    fx.apply(Environments.branch("fresh-qa", "fresh", "qa/x", "qa-x-1"));
    StagingEnvironment branch = fx.awaitPhase("fresh-qa", Phase.Ready);
    String schema = branch.getStatus().schema;
    assertThat(schemaExists(schema)).isTrue();
    List<String> migrationsBefore = migrations(branch);
    assertThat(migrationsBefore).isNotEmpty();

    RefreshStatus.Run first = runs.refreshNow("fresh", "1");
    assertThat(first.result).as(first.message).isEqualTo("Succeeded");
    assertThat(first.rehearsals)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.result).isEqualTo("Succeeded");
              assertThat(r.fromVersion).isEqualTo("5.7.mysql_aurora.2.11.2");
              assertThat(r.toVersion).isEqualTo("8.0.mysql_aurora.3.05.2");
            });
    RdsClusterInfo stg = cluster("stg-fresh");
    assertThat(stg.engineVersion()).isEqualTo("8.0.mysql_aurora.3.05.2");
    assertThat(stg.tags())
        .containsEntry("slipway.dev/refresh-owner", fx.get("fresh").getMetadata().getUid());
    assertThat(stg.members()).singleElement().satisfies(m -> assertThat(m.writer()).isTrue());
    assertThat(reloads.get()).isEqualTo(1);
    assertThat(first.steps)
        .filteredOn(s -> s.step.equals("await:mask"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail).startsWith("mask exited 0"));

    // The branch's schema went with the old data; it comes back, and migrations ran again.
    StagingEnvironment after = awaitBranchPreparedFor("fresh-qa", first.runId);
    assertThat(schemaExists(schema)).isTrue();
    assertThat(migrations(after)).isNotEmpty().doesNotContainAnyElementsOf(migrationsBefore);

    // A second refresh replaces the cluster under the same identifier: same endpoint, one restore.
    long restoresBefore = restores();
    RefreshStatus.Run second = runs.refreshNow("fresh", "2");
    assertThat(second.result).as(second.message).isEqualTo("Succeeded");
    assertThat(restores() - restoresBefore).isEqualTo(1);
    assertThat(cluster("stg-fresh").endpoint()).isEqualTo(stg.endpoint());
    // A pass on a stale copy may write the finished run back once; the next pass folds it away.
    await()
        .atMost(EnvironmentFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(fx.get("fresh").getStatus().refresh.history)
                    .extracting(r -> r.runId)
                    .containsExactly(second.runId, first.runId));
  }

  @Test
  void snapshotRestoreOfPostgresOnANewerVersionAfterRetriedFailuresAndARestart() throws Exception {
    StagingEnvironment shared =
        Environments.sharedPort("pgfresh", Engine.postgresql, fx.lb, 13020, 13030);
    RefreshSpec.Aurora pg = new RefreshSpec.Aurora();
    pg.name = "pg";
    pg.engine = "aurora-postgresql";
    pg.source = new RefreshSpec.AuroraSource();
    pg.source.snapshotArn =
        "arn:aws:rds:" + REGION + ":" + PROD + ":cluster-snapshot:prod-pg-nightly";
    pg.target = target("stg-pg");
    pg.upgrade = new RefreshSpec.Upgrade();
    pg.upgrade.engineVersion = "16.4";
    shared.getSpec().refresh = refresh(pg);
    shared.getSpec().branches.ttl = null;
    fx.apply(shared);
    fx.apply(Environments.branch("pgfresh-qa", "pgfresh", "qa/pg", "qa-pg-1"));
    fx.awaitPhase("pgfresh", Phase.Ready);
    StagingEnvironment branch = fx.awaitPhase("pgfresh-qa", Phase.Ready);
    String schema = branch.getStatus().schema;
    List<String> migrationsBefore = migrations(branch);
    assertThat(pgSchemaExists(schema)).isTrue();

    // Restores fail for a while: the step is retried with growing intervals.
    fx.sandbox
        .aws()
        .faults()
        .set("rds:RestoreDBClusterFromSnapshot", FaultRule.errors(1.0, FaultKind.INTERNAL_FAILURE));
    fx.annotate("pgfresh", Refreshes.REFRESH_NOW, "1");
    RefreshStatus.Step failing =
        runs.awaitStep("pgfresh", "restore", s -> s.attempt != null && s.attempt >= 2);
    assertThat(failing.errorKind).isEqualTo("wait-and-retry");
    assertThat(fx.get("pgfresh").getStatus().phase).isEqualTo(Phase.Provisioning);
    fx.sandbox.aws().faults().remove("rds:RestoreDBClusterFromSnapshot");

    // The operator goes down once the restore was asked for, and resumes without a second one.
    runs.awaitStep("pgfresh", "restore", s -> "Done".equals(s.state));
    fx.sandbox.stopOperator();
    long restores = fx.sandbox.aws().calls("rds", "RestoreDBClusterFromSnapshot").received();
    fx.sandbox.startOperator();
    RefreshStatus.Run run = runs.awaitRun("pgfresh");
    assertThat(run.result).as(run.message).isEqualTo("Succeeded");
    assertThat(fx.sandbox.aws().calls("rds", "RestoreDBClusterFromSnapshot").received())
        .isEqualTo(restores);
    assertThat(cluster("stg-pg").engineVersion()).isEqualTo("16.4");
    assertThat(run.rehearsals)
        .singleElement()
        .satisfies(r -> assertThat(r.result).isEqualTo("Succeeded"));
    // On PostgreSQL too, the branch's schema comes back with its migrations run again.
    StagingEnvironment after = awaitBranchPreparedFor("pgfresh-qa", run.runId);
    assertThat(pgSchemaExists(schema)).isTrue();
    assertThat(migrations(after)).isNotEmpty().doesNotContainAnyElementsOf(migrationsBefore);
  }

  private static boolean pgSchemaExists(String schema) throws Exception {
    try (var c =
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        var ps =
            c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      ps.setString(1, schema);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Test
  void neitherAForeignClusterNorAnUnsharedSourceIsTouched() {
    // A staging cluster someone made by hand, under the identifier the refresh wants.
    fx.sandbox
        .aws()
        .seedAuroraCluster(
            Sandbox.ACCOUNT, REGION, "stg-hand", "aurora-mysql", "8.0.mysql_aurora.3.05.2");
    StagingEnvironment foreign =
        Environments.sharedPort("handmade", Engine.mysql, fx.lb, 13040, 13050);
    foreign.getSpec().refresh = refresh(clone("main", "prod-main", "stg-hand", null));
    fx.apply(foreign);
    fx.awaitPhase("handmade", Phase.Ready);
    RefreshStatus.Run refused = runs.refreshNow("handmade", "1");
    assertThat(refused.result).isEqualTo("Failed");
    assertThat(refused.message).contains("was not created by this environment's refresh");
    assertThat(refused.steps)
        .anySatisfy(st -> assertThat(st.errorCode).isEqualTo("NotCreatedByRefresh"));
    assertThat(cluster("stg-hand").status()).isEqualTo("available");

    StagingEnvironment unshared =
        Environments.sharedPort("unshared", Engine.mysql, fx.lb, 13060, 13070);
    unshared.getSpec().refresh = refresh(clone("main", "prod-secret", "stg-unshared", null));
    fx.apply(unshared);
    fx.awaitPhase("unshared", Phase.Ready);
    RefreshStatus.Run notShared = runs.refreshNow("unshared", "1");
    assertThat(notShared.result).isEqualTo("Failed");
    assertThat(notShared.message).contains("share it through AWS RAM");
    assertThat(fx.sandbox.aws().rdsClusters(Sandbox.ACCOUNT, REGION))
        .noneMatch(c -> c.id().equals("stg-unshared"));
    // The environment is back to work on its old data.
    fx.awaitPhase("unshared", Phase.Ready);
  }

  @Test
  void theOperatorStoppedAtEveryStepResumesWithoutASecondRestoreOrAnOrphan() {
    StagingEnvironment shared =
        Environments.sharedPort("restart", Engine.mysql, fx.lb, 13080, 13090);
    shared.getSpec().refresh =
        refresh(clone("main", "prod-main", "stg-restart", "8.0.mysql_aurora.3.05.2"));
    fx.apply(shared);
    fx.awaitPhase("restart", Phase.Ready);
    // A first run makes the cluster, so the next ones go through every delete step too.
    RefreshStatus.Run first = runs.refreshNow("restart", "0");
    assertThat(first.result).as(first.message).isEqualTo("Succeeded");
    List<String> steps =
        List.of(
            "deleteInstances",
            "deleteCluster",
            "awaitIdentifierFree",
            "restore",
            "awaitCluster",
            "upgrade",
            "createInstances",
            "awaitInstances");
    for (int i = 0; i < steps.size(); i++) {
      String step = steps.get(i);
      long restores = restores();
      fx.annotate("restart", Refreshes.REFRESH_NOW, "at-" + step);
      // Stop as soon as the run has reached this step (it may already have done it).
      runs.awaitStep("restart", step, s -> !"Pending".equals(s.state));
      fx.sandbox.stopOperator();
      fx.sandbox.aws().clock().advance(Duration.ofMinutes(3));
      fx.sandbox.startOperator();
      RefreshStatus.Run run = runs.awaitRun("restart");
      assertThat(run.result).as("stopped at %s: %s", step, run.message).isEqualTo("Succeeded");
      assertThat(restores() - restores).as("restores of the run stopped at %s", step).isEqualTo(1);
      List<RdsClusterInfo> mine =
          fx.sandbox.aws().rdsClusters(Sandbox.ACCOUNT, REGION).stream()
              .filter(c -> c.id().equals("stg-restart"))
              .toList();
      assertThat(mine)
          .as("after %s", step)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.tags()).containsEntry("slipway.dev/refresh-run", run.runId);
                assertThat(c.members()).hasSize(1);
              });
    }
  }

  @Test
  void aPostStepThatExitsNonZeroFailsTheRun() {
    StagingEnvironment shared =
        Environments.sharedPort("masked", Engine.mysql, fx.lb, 13100, 13110);
    shared.getSpec().refresh = refresh(clone("main", "prod-main", "stg-masked", null));
    shared.getSpec().refresh.postSteps = List.of(post("mask", "bin/rails db:mask; exit 3"));
    fx.apply(shared);
    fx.awaitPhase("masked", Phase.Ready);
    RefreshStatus.Run run = runs.refreshNow("masked", "1");
    assertThat(run.result).isEqualTo("Failed");
    assertThat(run.message).contains("mask: container app exited with code 3");
    // The data is back; the environment wakes and says the refresh failed.
    assertThat(fx.awaitPhase("masked", Phase.Ready).getStatus().message)
        .contains("the last refresh (" + run.runId + ") failed: post: await:mask");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static RefreshSpec.PostStep post(String name, String command) {
    RefreshSpec.PostStep p = new RefreshSpec.PostStep();
    p.name = name;
    p.service = "web";
    p.container = "app";
    p.command = List.of("sh", "-c", command);
    return p;
  }

  private static RefreshSpec refresh(RefreshSpec.Aurora aurora) {
    RefreshSpec r = new RefreshSpec();
    r.aurora = List.of(aurora);
    return r;
  }

  private static RefreshSpec.Aurora clone(
      String name, String prodCluster, String target, String upgrade) {
    RefreshSpec.Aurora a = new RefreshSpec.Aurora();
    a.name = name;
    a.engine = "aurora-mysql";
    a.source = new RefreshSpec.AuroraSource();
    a.source.clusterArn = "arn:aws:rds:" + REGION + ":" + PROD + ":cluster:" + prodCluster;
    a.target = target(target);
    if (upgrade != null) {
      a.upgrade = new RefreshSpec.Upgrade();
      a.upgrade.engineVersion = upgrade;
    }
    return a;
  }

  private static RefreshSpec.AuroraTarget target(String id) {
    RefreshSpec.AuroraTarget t = new RefreshSpec.AuroraTarget();
    t.clusterIdentifier = id;
    t.subnetGroup = "stg-db";
    t.securityGroupIds = List.of("sg-0123456789abcdef0");
    t.instanceClass = "db.r6g.large";
    // Production's data is encrypted with production's key: staging re-encrypts with its own.
    t.kmsKeyId = "arn:aws:kms:" + REGION + ":" + Sandbox.ACCOUNT + ":key/staging";
    return t;
  }

  private static StagingEnvironment awaitBranchPreparedFor(String branch, String runId) {
    return runs.eventually(
        () -> {
          StagingEnvironment b = fx.get(branch);
          return b.getStatus() != null
                  && runId.equals(b.getStatus().refreshRun)
                  && b.getStatus().phase == Phase.Ready
              ? b
              : null;
        });
  }

  private static RdsClusterInfo cluster(String id) {
    return fx.sandbox.aws().rdsClusters(Sandbox.ACCOUNT, REGION).stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static long restores() {
    return fx.sandbox.aws().calls("rds", "RestoreDBClusterToPointInTime").received();
  }

  /** The migration tasks the branch's releases ran: one per spec hash, so a re-run shows. */
  private static List<String> migrations(StagingEnvironment branch) {
    return fx.childrenOf(branch).stream()
        .flatMap(r -> r.getStatus().preDeploy.stream())
        .filter(p -> "Succeeded".equals(p.state))
        .map(p -> p.taskArn)
        .toList();
  }

  private static boolean schemaExists(String schema) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
        var ps =
            c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      ps.setString(1, schema);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
