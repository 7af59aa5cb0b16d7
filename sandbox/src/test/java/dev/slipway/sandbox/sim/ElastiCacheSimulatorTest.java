package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.ElastiCacheFixture.ACCOUNT;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.BUCKET;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.PROD;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.REGION;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Snapshot;
import software.amazon.awssdk.services.elasticache.model.SnapshotAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.SnapshotNotFoundException;
import software.amazon.awssdk.services.elasticache.model.SourceType;

/** The ElastiCache model: backups, exports to S3, restores from .rdb files, ids, events. */
class ElastiCacheSimulatorTest {
  private final ElastiCacheFixture f = new ElastiCacheFixture();

  @Test
  void seededProductionGroupHasADailyAutomatedBackupForAWeek() {
    f.sim.seedReplicationGroup(ACCOUNT, REGION, PROD, "7.1", "cache.r7g.large", 2);
    List<Snapshot> backups =
        f.ec
            .describeSnapshots(r -> r.replicationGroupId(PROD).snapshotSource("automated"))
            .snapshots();
    assertThat(backups).hasSize(7);
    assertThat(backups)
        .allSatisfy(
            s -> {
              assertThat(s.snapshotName()).matches("automatic\\.bookmark-prod-\\d{4}(-\\d{2}){4}");
              assertThat(s.snapshotStatus()).isEqualTo("available");
              assertThat(s.numNodeGroups()).isEqualTo(2);
            });
    String newest = f.latestBackup(PROD).snapshotName();

    f.advance(Duration.ofDays(2));
    assertThat(f.latestBackup(PROD).snapshotName()).isNotEqualTo(newest);
    assertThat(
            f.ec
                .describeSnapshots(r -> r.replicationGroupId(PROD).snapshotSource("automated"))
                .snapshots())
        .hasSize(7);
  }

  @Test
  void exportOfTheLatestBackupWritesOneRdbPerShardWhenTheExportEnds() {
    f.sim.seedReplicationGroup(ACCOUNT, REGION, PROD, "7.1", "cache.r7g.large", 2);
    f.sim.createBucket(ACCOUNT, REGION, BUCKET, S3BucketAccess.exportTarget());
    String latest = f.latestBackup(PROD).snapshotName();

    Snapshot copy =
        f.ec
            .copySnapshot(
                r ->
                    r.sourceSnapshotName(latest)
                        .targetSnapshotName("stg-20300101")
                        .targetBucket(BUCKET))
            .snapshot();
    assertThat(copy.snapshotStatus()).isEqualTo("exporting");
    assertThat(
            f.ec.describeSnapshots(r -> r.snapshotName(latest)).snapshots().get(0).snapshotStatus())
        .isEqualTo("exporting");

    f.advance(Duration.ofMinutes(2)); // exports take at least 3 minutes
    assertThat(f.sim.objects(BUCKET)).isEmpty();
    assertThat(f.s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()).isEmpty();

    f.advance(Duration.ofMinutes(30));
    assertThat(
            f.ec.describeSnapshots(r -> r.snapshotName(latest)).snapshots().get(0).snapshotStatus())
        .isEqualTo("available");
    assertThat(f.sim.objects(BUCKET))
        .extracting(S3ObjectView::key)
        .containsExactly("stg-20300101-0001.rdb", "stg-20300101-0002.rdb");
    assertThat(events(SourceType.REPLICATION_GROUP, PROD))
        .anySatisfy(m -> assertThat(m).contains("exported").contains(BUCKET));

    // The bucket already holds those keys: ElastiCache never overwrites a backup.
    assertThatThrownBy(
            () ->
                f.ec.copySnapshot(
                    r ->
                        r.sourceSnapshotName(latest)
                            .targetSnapshotName("stg-20300101")
                            .targetBucket(BUCKET)))
        .isInstanceOf(SnapshotAlreadyExistsException.class)
        .hasMessageContaining("already contains an object with key stg-20300101-0001.rdb");
  }

  @Test
  void exportNeedsAnExistingGrantedBucketInTheRegionAndAnExistingBackup() {
    f.sim.seedReplicationGroup(ACCOUNT, REGION, PROD, "7.1", "cache.r7g.large", 1);
    f.sim.createBucket(ACCOUNT, REGION, "not-granted", S3BucketAccess.privateBucket());
    f.sim.createBucket(ACCOUNT, "us-east-1", "far-away", S3BucketAccess.exportTarget());
    f.sim.createBucket("999988887777", REGION, "someone-elses", S3BucketAccess.exportTarget());
    String latest = f.latestBackup(PROD).snapshotName();

    assertThat(exportError(latest, "not-granted"))
        .isInstanceOf(InvalidParameterValueException.class)
        .satisfies(
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"))
        .hasMessageContaining("ElastiCache has not been granted WRITE permissions");
    assertThat(exportError(latest, "no-such-bucket")).hasMessageContaining("does not exist");
    assertThat(exportError(latest, "far-away")).hasMessageContaining("outside of the region");
    assertThat(exportError(latest, "someone-elses")).hasMessageContaining("not owned by");
    assertThat(exportError("automatic.nope-2029-12-31-15-00", "not-granted"))
        .isInstanceOf(SnapshotNotFoundException.class)
        .satisfies(
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SnapshotNotFoundFault");
              assertThat(e.statusCode()).isEqualTo(404);
            });
    assertThat(f.sim.objects("not-granted")).isEmpty();
  }

  @Test
  void restoreFromRdbGoesCreatingThenAvailableAndKeepsItsEndpointAcrossRecreation() {
    f.sim.createBucket(ACCOUNT, REGION, BUCKET, S3BucketAccess.exportTarget());
    f.putRdb(BUCKET, "nightly/stg-0001.rdb");
    List<ElastiCacheGroupView> ready = new ArrayList<>();
    f.sim.onReplicationGroupAvailable(ready::add);
    String rdb = arn(BUCKET, "nightly/stg-0001.rdb");

    assertThat(f.createFromRdb("bookmark-stg", rdb).status()).isEqualTo("creating");
    f.advance(Duration.ofMinutes(5)); // creates take at least 6 minutes
    assertThat(f.describe("bookmark-stg").status()).isEqualTo("creating");
    assertThat(f.describe("bookmark-stg").nodeGroups()).isEmpty();
    f.advance(Duration.ofMinutes(40));
    var group = f.describe("bookmark-stg");
    assertThat(group.status()).isEqualTo("available");
    String endpoint = group.nodeGroups().get(0).primaryEndpoint().address();
    assertThat(endpoint)
        .matches("bookmark-stg\\.[a-z0-9]{6}\\.ng\\.0001\\.apne1\\.cache\\.amazonaws\\.com");
    assertThat(group.nodeGroups().get(0).primaryEndpoint().port()).isEqualTo(6379);
    assertThat(ready)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.restoredFrom()).containsExactly(rdb);
              assertThat(v.endpoint()).isEqualTo(endpoint + ":6379");
            });

    f.ec.deleteReplicationGroup(r -> r.replicationGroupId("bookmark-stg"));
    assertThat(f.describe("bookmark-stg").status()).isEqualTo("deleting");
    f.advance(Duration.ofMinutes(10));
    assertThatThrownBy(() -> f.describe("bookmark-stg"))
        .isInstanceOfSatisfying(
            ReplicationGroupNotFoundException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("ReplicationGroupNotFoundFault"));

    f.createFromRdb("bookmark-stg", rdb);
    f.advance(Duration.ofMinutes(45));
    assertThat(f.describe("bookmark-stg").nodeGroups().get(0).primaryEndpoint().address())
        .isEqualTo(endpoint);
    assertThat(ready).hasSize(2);
    assertThat(f.sim.replicationGroups(ACCOUNT, REGION))
        .singleElement()
        .satisfies(v -> assertThat(v.status()).isEqualTo("available"));
  }

  @Test
  void restoreFromAMissingCorruptOrFaultedFileEndsCreateFailedWithAReason() {
    f.sim.createBucket(ACCOUNT, REGION, BUCKET, S3BucketAccess.exportTarget());
    f.sim.createBucket(ACCOUNT, REGION, "ungranted", S3BucketAccess.privateBucket());
    f.putRdb("ungranted", "private.rdb");
    f.sim.putObject(BUCKET, "garbage.rdb", "not redis".getBytes());
    f.putRdb(BUCKET, "good.rdb");
    List<ElastiCacheGroupView> ready = new ArrayList<>();
    f.sim.onReplicationGroupAvailable(ready::add);

    f.createFromRdb("stg-missing", arn(BUCKET, "missing.rdb"));
    f.createFromRdb("stg-corrupt", arn(BUCKET, "garbage.rdb"));
    f.createFromRdb("stg-denied", arn("ungranted", "private.rdb"));
    f.sim.faults().set("elasticache:" + ElastiCacheContext.RESTORE_STEP, FaultRule.errors(1, null));
    f.createFromRdb("stg-faulted", arn(BUCKET, "good.rdb"));
    f.advance(Duration.ofMinutes(45));

    for (String id : List.of("stg-missing", "stg-corrupt", "stg-denied", "stg-faulted")) {
      assertThat(f.describe(id).status()).isEqualTo("create-failed");
      assertThat(f.ec.describeCacheClusters(r -> r.cacheClusterId(id + "-001")).cacheClusters())
          .singleElement()
          .satisfies(c -> assertThat(c.cacheClusterStatus()).isEqualTo("restore-failed"));
    }
    assertThat(events(SourceType.REPLICATION_GROUP, "stg-missing"))
        .singleElement()
        .satisfies(
            m -> assertThat(m).contains(arn(BUCKET, "missing.rdb")).contains("does not exist"));
    assertThat(events(SourceType.CACHE_CLUSTER, "stg-corrupt-001"))
        .anySatisfy(m -> assertThat(m).contains("not a valid RDB file"));
    assertThat(events(SourceType.REPLICATION_GROUP, "stg-denied"))
        .anySatisfy(m -> assertThat(m).contains("access denied"));
    assertThat(events(SourceType.REPLICATION_GROUP, "stg-faulted"))
        .anySatisfy(m -> assertThat(m).contains("internal error"));
    assertThat(ready).isEmpty();

    // A failed group can be deleted, which frees its id.
    f.ec.deleteReplicationGroup(r -> r.replicationGroupId("stg-missing"));
    f.advance(Duration.ofMinutes(10));
    assertThat(f.sim.replicationGroups(ACCOUNT, REGION))
        .extracting(ElastiCacheGroupView::id)
        .containsExactly("stg-corrupt", "stg-denied", "stg-faulted");
  }

  @Test
  void anIdStaysTakenWhileItsGroupIsBeingDeleted() {
    f.sim.createBucket(ACCOUNT, REGION, BUCKET, S3BucketAccess.exportTarget());
    f.putRdb(BUCKET, "a.rdb");
    f.createFromRdb("stg", arn(BUCKET, "a.rdb"));
    assertThatThrownBy(() -> f.ec.deleteReplicationGroup(r -> r.replicationGroupId("stg")))
        .isInstanceOf(InvalidReplicationGroupStateException.class);
    f.advance(Duration.ofHours(1));
    f.ec.deleteReplicationGroup(r -> r.replicationGroupId("stg"));

    assertThatThrownBy(() -> f.createFromRdb("stg", arn(BUCKET, "a.rdb")))
        .isInstanceOfSatisfying(
            ReplicationGroupAlreadyExistsException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode())
                  .isEqualTo("ReplicationGroupAlreadyExists");
              assertThat(e.statusCode()).isEqualTo(400);
            });
    assertThatThrownBy(() -> f.ec.deleteReplicationGroup(r -> r.replicationGroupId("stg")))
        .isInstanceOf(InvalidReplicationGroupStateException.class);
    f.advance(Duration.ofMinutes(6)); // deletes take at most 5 minutes
    assertThat(f.createFromRdb("stg", arn(BUCKET, "a.rdb")).status()).isEqualTo("creating");
  }

  private AwsServiceException exportError(String source, String bucket) {
    try {
      f.ec.copySnapshot(
          r -> r.sourceSnapshotName(source).targetSnapshotName("x").targetBucket(bucket));
    } catch (AwsServiceException e) {
      return e;
    }
    throw new AssertionError("export to " + bucket + " succeeded");
  }

  private List<String> events(SourceType type, String source) {
    return f
        .ec
        .describeEvents(r -> r.sourceType(type).sourceIdentifier(source).duration(24 * 60))
        .events()
        .stream()
        .map(Event::message)
        .toList();
  }
}
