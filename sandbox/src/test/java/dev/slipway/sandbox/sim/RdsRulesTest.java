package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.RdsFixture.MYSQL_3;
import static dev.slipway.sandbox.sim.RdsFixture.PROD;
import static dev.slipway.sandbox.sim.RdsFixture.REGION;
import static dev.slipway.sandbox.sim.RdsFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.InvalidDbClusterStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.SourceType;

/** Smaller Aurora rules the refresh depends on: ordering constraints, identifiers, visibility. */
class RdsRulesTest {
  private final RdsFixture f = new RdsFixture();

  @Test
  void sameAccountClonesJoinTheSourcesCloneGroupAndNeedAnInstanceToCloneFrom() {
    f.sim.seedAuroraCluster(STAGING, REGION, "base", "aurora-mysql", MYSQL_3);
    DBCluster clone = clone("base", "copy");
    assertThat(clone.crossAccountClone()).isFalse();
    assertThat(f.cluster("base").cloneGroupId()).isEqualTo(clone.cloneGroupId());

    f.waitFor("copy", "available", Duration.ofMinutes(25));
    // The clone has no instance yet, so it cannot be cloned in turn.
    assertThatThrownBy(() -> clone("copy", "copy-of-copy"))
        .isInstanceOf(InvalidDbClusterStateException.class);
    assertThat(f.available)
        .singleElement()
        .extracting(RdsClusterEvent::origin)
        .isEqualTo(RdsClusterEvent.Origin.CLONE);
  }

  @Test
  void instancesCanOnlyBeAddedOnceTheRestoredClusterIsAvailable() {
    f.sim.seedAuroraCluster(STAGING, REGION, "base", "aurora-mysql", MYSQL_3);
    clone("base", "copy");
    assertThatThrownBy(() -> f.addInstance("copy", "copy-1", "aurora-mysql"))
        .isInstanceOfSatisfying(
            InvalidDbClusterStateException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidDBClusterStateFault"));
    f.waitFor("copy", "available", Duration.ofMinutes(25));
    assertThatThrownBy(() -> f.addInstance("copy", "copy-1", "aurora-postgresql"))
        .hasMessageContaining("doesn't match the engine name of your DB cluster");
    assertThat(f.addInstance("copy", "copy-1", "aurora-mysql").dbInstanceStatus())
        .isEqualTo("creating");
    assertThatThrownBy(() -> f.addInstance("copy", "copy-1", "aurora-mysql"))
        .hasMessageContaining("DB instance already exists");
  }

  @Test
  void deletingAClusterNeedsAFinalSnapshotDecision() {
    f.sim.seedAuroraCluster(STAGING, REGION, "base", "aurora-mysql", MYSQL_3);
    clone("base", "copy");
    f.waitFor("copy", "available", Duration.ofMinutes(25));
    assertThatThrownBy(() -> f.staging.deleteDBCluster(r -> r.dbClusterIdentifier("copy")))
        .isInstanceOfSatisfying(
            RdsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidParameterCombination"));
    f.staging.deleteDBCluster(
        r -> r.dbClusterIdentifier("copy").finalDBSnapshotIdentifier("copy-final"));
    f.advance(Duration.ofMinutes(7));
    assertThat(f.sim.rdsClusters(STAGING, REGION))
        .extracting(RdsClusterInfo::id)
        .containsExactly("base");
    assertThat(
            f.staging
                .describeDBClusterSnapshots(r -> r.dbClusterSnapshotIdentifier("copy-final"))
                .dbClusterSnapshots())
        .singleElement()
        .satisfies(s -> assertThat(s.snapshotType()).isEqualTo("manual"));
    Instant hourAgo = f.clock.instant().minus(Duration.ofHours(1));
    assertThat(
            f.staging
                .describeEvents(
                    r ->
                        r.sourceType(SourceType.DB_CLUSTER)
                            .sourceIdentifier("copy")
                            .startTime(hourAgo))
                .events())
        .extracting(Event::message)
        .containsExactly("DB cluster created", "DB cluster deleted");
  }

  @Test
  void sharedClustersAreListedOnlyWithIncludeShared() {
    String arn = f.seedProd("prod-main", "aurora-mysql", MYSQL_3);
    assertThat(f.staging.describeDBClusters(r -> r.includeShared(true)).dbClusters()).isEmpty();
    f.sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);
    assertThat(f.staging.describeDBClusters().dbClusters()).isEmpty();
    assertThat(f.staging.describeDBClusters(r -> r.includeShared(true)).dbClusters())
        .extracting(DBCluster::dbClusterArn)
        .containsExactly(arn);
    assertThat(f.cluster(arn).status()).isEqualTo("available");
    // Shared for cloning only: the consumer cannot change or delete it.
    assertThatThrownBy(
            () ->
                f.staging.deleteDBCluster(r -> r.dbClusterIdentifier(arn).skipFinalSnapshot(true)))
        .hasMessageContaining("not found");
  }

  @Test
  void identifiersFollowRdsRules() {
    f.sim.seedAuroraCluster(STAGING, REGION, "base", "aurora-mysql", MYSQL_3);
    for (String bad : new String[] {"1copy", "copy-", "co--py", "copy_1"}) {
      assertThatThrownBy(() -> clone("base", bad))
          .isInstanceOfSatisfying(
              RdsException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }
    // Identifiers are case-insensitive and kept in lowercase.
    assertThat(clone("base", "Copy-A").dbClusterIdentifier()).isEqualTo("copy-a");
    assertThat(f.cluster("COPY-A").dbClusterIdentifier()).isEqualTo("copy-a");
  }

  private DBCluster clone(String source, String id) {
    return f.staging
        .restoreDBClusterToPointInTime(
            r ->
                r.dbClusterIdentifier(id)
                    .sourceDBClusterIdentifier(source)
                    .restoreType("copy-on-write")
                    .useLatestRestorableTime(true))
        .dbCluster();
  }
}
