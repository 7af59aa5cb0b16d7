package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.RdsFixture.MYSQL_3;
import static dev.slipway.sandbox.sim.RdsFixture.PROD;
import static dev.slipway.sandbox.sim.RdsFixture.REGION;
import static dev.slipway.sandbox.sim.RdsFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.RdsException;

/** Cross-account clones (RAM shares) and restores from shared snapshots into staging. */
class RdsCloneAndRestoreTest {
  private final RdsFixture f = new RdsFixture();

  @Test
  void cloneOfASharedProductionClusterBecomesAvailableWithoutInstances() {
    String prodArn = f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    assertThat(prodArn).isEqualTo("arn:aws:rds:eu-west-1:" + PROD + ":cluster:prod-main");

    // Not shared yet: the staging account cannot even see it.
    assertThatThrownBy(() -> f.cloneInto("stg-main", prodArn))
        .isInstanceOfSatisfying(
            DbClusterNotFoundException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DBClusterNotFoundFault");
              assertThat(e.statusCode()).isEqualTo(404);
            });

    f.sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);
    DBCluster clone = f.cloneInto("stg-main", prodArn, RdsFixture.tag("slipway.dev/env", "stg"));
    assertThat(clone.status()).isEqualTo("creating");
    assertThat(clone.dbClusterArn())
        .isEqualTo("arn:aws:rds:eu-west-1:" + STAGING + ":cluster:stg-main");
    assertThat(clone.engineVersion()).isEqualTo(MYSQL_3);
    assertThat(clone.cloneGroupId()).isNotBlank();
    assertThat(clone.crossAccountClone()).isTrue();
    assertThat(clone.dbClusterMembers()).isEmpty();
    assertThat(clone.port()).isEqualTo(3306);
    assertThat(clone.kmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:" + STAGING + ":alias/staging");
    assertThat(f.cluster(f.prod, "prod-main").cloneGroupId()).isEqualTo(clone.cloneGroupId());

    f.advance(Duration.ofMinutes(3)); // clones take at least 4 minutes
    assertThat(f.cluster("stg-main").status()).isEqualTo("creating");
    assertThat(f.available).isEmpty();
    Duration waited = f.waitFor("stg-main", "available", Duration.ofMinutes(20));
    assertThat(waited).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(17));

    DBCluster ready = f.cluster("stg-main");
    assertThat(ready.dbClusterMembers()).isEmpty(); // Aurora restores come without instances
    assertThat(ready.latestRestorableTime()).isBefore(f.clock.instant());
    assertThat(f.available)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.clusterId()).isEqualTo("stg-main");
              assertThat(e.account()).isEqualTo(STAGING);
              assertThat(e.origin()).isEqualTo(RdsClusterEvent.Origin.CLONE);
              assertThat(e.source()).isEqualTo(prodArn);
              assertThat(e.endpoint()).isEqualTo(ready.endpoint());
            });
    f.cluster("stg-main"); // observing it again does not announce it again
    assertThat(f.available).hasSize(1);
  }

  @Test
  void identifierStaysTakenWhileDeletingAndTheEndpointSurvivesRecreation() {
    String prodArn = f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    f.sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);
    f.cloneInto("stg-main", prodArn);
    f.waitFor("stg-main", "available", Duration.ofMinutes(25));
    String endpoint = f.cluster("stg-main").endpoint();
    assertThat(endpoint)
        .matches("stg-main\\.cluster-[a-z0-9]{12}\\.eu-west-1\\.rds\\.amazonaws\\.com");
    assertThat(f.cluster("stg-main").readerEndpoint()).contains(".cluster-ro-");

    f.staging.deleteDBCluster(r -> r.dbClusterIdentifier("stg-main").skipFinalSnapshot(true));
    assertThat(f.cluster("stg-main").status()).isEqualTo("deleting");
    assertThatThrownBy(() -> f.cloneInto("stg-main", prodArn))
        .isInstanceOfSatisfying(
            DbClusterAlreadyExistsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("DBClusterAlreadyExistsFault"));

    f.advance(Duration.ofMinutes(7)); // cluster deletion takes at most 6 minutes
    assertThatThrownBy(() -> f.cluster("stg-main")).isInstanceOf(DbClusterNotFoundException.class);

    DBCluster again = f.cloneInto("stg-main", prodArn);
    assertThat(again.endpoint()).isEqualTo(endpoint);
    f.waitFor("stg-main", "available", Duration.ofMinutes(25));
    assertThat(f.available).hasSize(2);
  }

  @Test
  void restoreFromASharedSnapshotMayUpgradeButNotDowngrade() {
    f.seedProd("prod-pg", "aurora-postgresql", "14.9");
    String snapshotArn = f.sim.seedClusterSnapshot(PROD, REGION, "prod-pg", "prod-pg-nightly");
    assertThat(snapshotArn)
        .isEqualTo("arn:aws:rds:eu-west-1:" + PROD + ":cluster-snapshot:prod-pg-nightly");

    assertThatThrownBy(() -> restore(snapshotArn, "16.1", "alias/staging"))
        .isInstanceOf(DbClusterSnapshotNotFoundException.class)
        .hasMessageContaining("DBClusterSnapshot not found");
    f.sim.shareSnapshotWith(PROD, REGION, "prod-pg-nightly", STAGING);

    assertThat(
            f.staging
                .describeDBClusterSnapshots(r -> r.snapshotType("shared"))
                .dbClusterSnapshots())
        .extracting(DBClusterSnapshot::dbClusterSnapshotIdentifier)
        .containsExactly(snapshotArn); // shared snapshots are named by ARN
    assertThat(
            f.staging.describeDBClusterSnapshots(r -> r.includeShared(false)).dbClusterSnapshots())
        .isEmpty();
    assertThat(
            f.staging.describeDBClusterSnapshots(r -> r.includeShared(true)).dbClusterSnapshots())
        .hasSize(1);

    // Production's snapshot is encrypted with production's key: staging must name its own.
    assertThatThrownBy(() -> restore(snapshotArn, "16.1", null))
        .isInstanceOfSatisfying(
            KmsKeyNotAccessibleException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMSKeyNotAccessibleFault"));
    assertThatThrownBy(() -> restore(snapshotArn, "13.12", "alias/staging"))
        .isInstanceOfSatisfying(
            RdsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidParameterCombination"));
    assertThat(f.sim.rdsClusters(STAGING, REGION)).isEmpty();

    DBCluster restored = restore(snapshotArn, "16.1", "alias/staging");
    assertThat(restored.engineVersion()).isEqualTo("16.1");
    assertThat(restored.dbClusterParameterGroup()).isEqualTo("default.aurora-postgresql16");
    assertThat(restored.storageEncrypted()).isTrue();
    assertThat(restored.port()).isEqualTo(5432);
    assertThat(restored.cloneGroupId()).isNull();
    f.advance(Duration.ofMinutes(7)); // snapshot restores take at least 8 minutes
    assertThat(f.cluster("stg-pg").status()).isEqualTo("creating");
    f.waitFor("stg-pg", "available", Duration.ofMinutes(40));
    assertThat(f.available)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.origin()).isEqualTo(RdsClusterEvent.Origin.SNAPSHOT_RESTORE);
              assertThat(e.engineVersion()).isEqualTo("16.1");
              assertThat(e.port()).isEqualTo(5432);
            });

    // The restored cluster needs its own writer; the first instance becomes it.
    f.addInstance("stg-pg", "stg-pg-1", "aurora-postgresql");
    f.addInstance("stg-pg", "stg-pg-2", "aurora-postgresql");
    assertThat(f.instance("stg-pg-1").dbInstanceStatus()).isEqualTo("creating");
    f.advance(Duration.ofMinutes(26)); // instance creation takes at most 25 minutes
    assertThat(
            f.staging
                .describeDBInstances(
                    r -> r.filters(Filter.builder().name("db-cluster-id").values("stg-pg").build()))
                .dbInstances())
        .allSatisfy(i -> assertThat(i.dbInstanceStatus()).isEqualTo("available"))
        .hasSize(2);
    assertThat(f.cluster("stg-pg").dbClusterMembers())
        .anySatisfy(
            m -> {
              assertThat(m.dbInstanceIdentifier()).isEqualTo("stg-pg-1");
              assertThat(m.isClusterWriter()).isTrue();
            })
        .anySatisfy(
            m -> {
              assertThat(m.dbInstanceIdentifier()).isEqualTo("stg-pg-2");
              assertThat(m.isClusterWriter()).isFalse();
            });
  }

  @Test
  void seededClustersKeepAWeekOfDailyAutomatedSnapshots() {
    f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    var automated =
        f.prod
            .describeDBClusterSnapshots(
                r -> r.dbClusterIdentifier("prod-main").snapshotType("automated"))
            .dbClusterSnapshots();
    assertThat(automated).hasSize(7);
    assertThat(automated.get(6).dbClusterSnapshotIdentifier())
        .isEqualTo("rds:prod-main-2029-12-31-03-10");
    assertThat(automated.get(6).dbClusterSnapshotArn())
        .isEqualTo(
            "arn:aws:rds:eu-west-1:" + PROD + ":cluster-snapshot:rds:prod-main-2029-12-31-03-10");

    f.advance(Duration.ofDays(1));
    var later =
        f.prod.describeDBClusterSnapshots(r -> r.snapshotType("automated")).dbClusterSnapshots();
    assertThat(later).hasSize(7);
    assertThat(later.get(6).dbClusterSnapshotIdentifier())
        .isEqualTo("rds:prod-main-2030-01-01-03-10");
    // Automated snapshots cannot be shared; a manual copy can.
    assertThatThrownBy(
            () ->
                f.prod.modifyDBClusterSnapshotAttribute(
                    r ->
                        r.dbClusterSnapshotIdentifier("rds:prod-main-2030-01-01-03-10")
                            .attributeName("restore")
                            .valuesToAdd(STAGING)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidDBClusterSnapshotStateFault"));
  }

  private DBCluster restore(String snapshotArn, String version, String kmsKeyId) {
    return f.staging
        .restoreDBClusterFromSnapshot(
            r ->
                r.dbClusterIdentifier("stg-pg")
                    .snapshotIdentifier(snapshotArn)
                    .engine("aurora-postgresql")
                    .engineVersion(version)
                    .kmsKeyId(kmsKeyId)
                    .dbSubnetGroupName("staging-db")
                    .vpcSecurityGroupIds("sg-0123456789abcdef0"))
        .dbCluster();
  }
}
