package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.environment.refresh.Refreshes;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.ElastiCacheGroupView;
import dev.slipway.sandbox.sim.FaultKind;
import dev.slipway.sandbox.sim.FaultRule;
import dev.slipway.sandbox.sim.S3BucketAccess;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The every-morning refresh of a staging Redis against the simulator's ElastiCache and S3:
 * production (another account, its own role) exports its latest automated backup to a bucket and
 * staging's group is re-created from the .rdb objects under the same id, once per run; a corrupt
 * object fails the run with ElastiCache's reason (and the next run cleans up); a group the refresh
 * did not create, a source without backups and a bucket ElastiCache was not granted all leave
 * staging as it was.
 */
class ElastiCacheRefreshIT {
  static final String PROD = "111111111111";
  static final String REGION = Sandbox.REGION;
  static final String ROLE = "arn:aws:iam::" + PROD + ":role/slipway-refresh-source";
  static final String BUCKET = "prod-cache-exports";
  static final String UNGRANTED = "prod-cache-private";
  static EnvironmentFixture fx;
  static RefreshRuns runs;

  @BeforeAll
  static void start() {
    fx = EnvironmentFixture.start(Duration.ofMillis(500));
    runs = new RefreshRuns(fx);
    var aws = fx.sandbox.aws();
    aws.seedReplicationGroup(PROD, REGION, "prod-cache", "7.1", "cache.r7g.large", 1);
    aws.createBucket(PROD, REGION, BUCKET, S3BucketAccess.exportTarget());
    aws.createBucket(PROD, REGION, UNGRANTED, S3BucketAccess.privateBucket());
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void refreshesKeepTheEndpointCreateOnceEachAndAnUngrantedBucketTouchesNothing() {
    StagingEnvironment env = shared("cachefresh", 14000, cache("cache", "prod-cache", "stg-cache"));
    fx.apply(env);
    fx.awaitPhase("cachefresh", Phase.Ready);
    String uid = fx.get("cachefresh").getMetadata().getUid();

    long creates = creates();
    RefreshStatus.Run first = runs.refreshNow("cachefresh", "1");
    assertThat(first.result).as(first.message).isEqualTo("Succeeded");
    assertThat(creates() - creates).isEqualTo(1);
    RefreshStatus.Export export = first.exports.get(0);
    assertThat(export.backup).startsWith("automatic.prod-cache-");
    assertThat(export.objects)
        .containsExactly("arn:aws:s3:::" + BUCKET + "/stg-cache-" + first.runId + "-0001.rdb");
    ElastiCacheGroupView stg = group("stg-cache");
    assertThat(stg.status()).isEqualTo("available");
    assertThat(stg.tags())
        .containsEntry("slipway.dev/refresh-owner", uid)
        .containsEntry("slipway.dev/refresh-run", first.runId);
    assertThat(stg.restoredFrom()).isEqualTo(export.objects);

    // The next morning: the group is replaced under the same id, so its endpoint stays.
    RefreshStatus.Run second = runs.refreshNow("cachefresh", "2");
    assertThat(second.result).as(second.message).isEqualTo("Succeeded");
    assertThat(creates() - creates).isEqualTo(2);
    ElastiCacheGroupView again = group("stg-cache");
    assertThat(again.endpoint()).isNotNull().isEqualTo(stg.endpoint());
    assertThat(again.tags()).containsEntry("slipway.dev/refresh-run", second.runId);
    // A pass on a stale copy may write a finished run back once; the next pass folds it away.
    await()
        .atMost(EnvironmentFixture.WAIT)
        .untilAsserted(
            () ->
                assertThat(runs.refresh("cachefresh").history)
                    .extracting(r -> r.runId)
                    .containsExactly(second.runId, first.runId));
    // Production's group was only read.
    assertThat(fx.sandbox.aws().replicationGroups(PROD, REGION))
        .singleElement()
        .satisfies(g -> assertThat(g.status()).isEqualTo("available"));

    // A bucket ElastiCache was not granted: the export is refused before staging is touched.
    editRefresh("cachefresh", r -> r.elasticache.get(0).exportBucket = UNGRANTED);
    long deletes = deletes();
    RefreshStatus.Run refused = runs.refreshNow("cachefresh", "3");
    assertThat(refused.result).isEqualTo("Failed");
    assertThat(refused.message)
        .contains("production refused to export", "has not been granted")
        .contains("staging was left as it is");
    assertThat(step(refused, "exportBackup").errorCode).isEqualTo("ExportRefused");
    assertThat(step(refused, "deleteOldGroup").state).isEqualTo("Pending");
    assertThat(deletes()).isEqualTo(deletes);
    assertThat(group("stg-cache").tags()).containsEntry("slipway.dev/refresh-run", second.runId);
    assertThat(creates() - creates).isEqualTo(2);
  }

  @Test
  void aCorruptExportFailsTheRunWithTheReasonAndTheNextRunReplacesTheFailedGroup() {
    fx.apply(shared("cachebad", 14020, cache("cache", "prod-cache", "stg-bad")));
    fx.awaitPhase("cachebad", Phase.Ready);

    // Hold the create until the export is in the bucket, then spoil the object.
    fx.sandbox
        .aws()
        .faults()
        .set(
            "elasticache:CreateReplicationGroup",
            FaultRule.errors(1.0, FaultKind.INTERNAL_FAILURE));
    fx.annotate("cachebad", Refreshes.REFRESH_NOW, "1");
    runs.awaitStep("cachebad", "createGroup", s -> s.attempt != null && s.attempt >= 1);
    for (String arn : runs.refresh("cachebad").current.exports.get(0).objects) {
      String key = arn.substring(("arn:aws:s3:::" + BUCKET + "/").length());
      fx.sandbox.aws().putObject(BUCKET, key, "not a dump".getBytes(StandardCharsets.US_ASCII));
    }
    fx.sandbox.aws().faults().remove("elasticache:CreateReplicationGroup");

    RefreshStatus.Run failed = runs.awaitRun("cachebad");
    assertThat(failed.result).isEqualTo("Failed");
    assertThat(failed.message).contains("stg-bad").contains("is not a valid RDB file");
    assertThat(step(failed, "awaitGroupAvailable").errorCode).isEqualTo("RestoreFailed");
    assertThat(group("stg-bad").status()).isEqualTo("create-failed");
    assertThat(group("stg-bad").tags())
        .containsEntry("slipway.dev/refresh-owner", fx.get("cachebad").getMetadata().getUid());

    // The failed group is the environment's: the next run deletes it and succeeds.
    RefreshStatus.Run next = runs.refreshNow("cachebad", "2");
    assertThat(next.result).as(next.message).isEqualTo("Succeeded");
    assertThat(group("stg-bad").status()).isEqualTo("available");
  }

  @Test
  void neitherAForeignGroupNorAnUnreadableSourceIsTouched() {
    // A staging group someone made by hand, untagged, under the id the refresh wants.
    fx.sandbox
        .aws()
        .seedReplicationGroup(Sandbox.ACCOUNT, REGION, "stg-hand", "7.1", "cache.t4g.small", 1);
    fx.apply(shared("cachehand", 14040, cache("cache", "prod-cache", "stg-hand")));
    fx.awaitPhase("cachehand", Phase.Ready);
    long deletes = deletes();
    RefreshStatus.Run refused = runs.refreshNow("cachehand", "1");
    assertThat(refused.result).isEqualTo("Failed");
    assertThat(refused.message).contains("was not created by this environment's refresh");
    assertThat(step(refused, "deleteOldGroup").errorCode).isEqualTo("NotCreatedByRefresh");
    assertThat(group("stg-hand").status()).isEqualTo("available");
    assertThat(deletes()).isEqualTo(deletes);

    // No such production group: no backup to export, the run ends before anything else.
    fx.apply(shared("cachenone", 14060, cache("cache", "prod-missing", "stg-none")));
    fx.awaitPhase("cachenone", Phase.Ready);
    RefreshStatus.Run none = runs.refreshNow("cachenone", "1");
    assertThat(none.result).isEqualTo("Failed");
    assertThat(none.message).contains("has no automated backup", "staging was left as it is");
    assertThat(step(none, "exportBackup").state).isEqualTo("Pending");
    assertThat(fx.sandbox.aws().replicationGroups(Sandbox.ACCOUNT, REGION))
        .noneMatch(g -> g.id().equals("stg-none"));
    fx.awaitPhase("cachenone", Phase.Ready);
  }

  // --- helpers -------------------------------------------------------------------------------

  private static StagingEnvironment shared(String name, int port, RefreshSpec.ElastiCache cache) {
    StagingEnvironment env = Environments.sharedPort(name, Engine.mysql, fx.lb, port, port + 10);
    env.getSpec().refresh = new RefreshSpec();
    env.getSpec().refresh.elasticache = List.of(cache);
    return env;
  }

  private static RefreshSpec.ElastiCache cache(String name, String source, String target) {
    RefreshSpec.ElastiCache c = new RefreshSpec.ElastiCache();
    c.name = name;
    c.exportBucket = BUCKET;
    c.source = new RefreshSpec.ElastiCacheSource();
    c.source.replicationGroupId = source;
    c.source.accountId = PROD;
    c.source.roleArn = ROLE;
    c.target = new RefreshSpec.ElastiCacheTarget();
    c.target.replicationGroupId = target;
    c.target.nodeType = "cache.t4g.medium";
    c.target.subnetGroup = "stg-cache";
    c.target.securityGroupIds = List.of("sg-0123456789abcdef0");
    return c;
  }

  private static ElastiCacheGroupView group(String id) {
    return fx.sandbox.aws().replicationGroups(Sandbox.ACCOUNT, REGION).stream()
        .filter(g -> g.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static long creates() {
    return fx.sandbox.aws().calls("elasticache", "CreateReplicationGroup").received();
  }

  private static long deletes() {
    return fx.sandbox.aws().calls("elasticache", "DeleteReplicationGroup").received();
  }

  private static RefreshStatus.Step step(RefreshStatus.Run run, String name) {
    return run.steps.stream().filter(s -> s.step.equals(name)).findFirst().orElseThrow();
  }

  /** A patch computed from the edit, so the operator's status writes are not overwritten. */
  private static void editRefresh(String name, Consumer<RefreshSpec> change) {
    edit(
        name,
        env -> {
          change.accept(env.getSpec().refresh);
          return env;
        });
  }

  /**
   * An edit carries the resourceVersion it was computed from; when the operator wrote status in
   * between, the API answers 409 and the edit is made again on the fresh object, as kubectl does.
   */
  private static void edit(String name, UnaryOperator<StagingEnvironment> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        fx.sandbox
            .client()
            .resources(StagingEnvironment.class)
            .inNamespace(Environments.NAMESPACE)
            .withName(name)
            .edit(change);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) throw e;
      }
    }
  }
}
