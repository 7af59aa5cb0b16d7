package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.sandbox.sim.RdsClusterEvent;
import dev.slipway.sandbox.sim.RdsClusterInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fewest RDS calls one Aurora datastore's refresh needs, written down per case. */
class AuroraDatastoreTest {
  static final AuroraDatastore CLONE_WITH_UPGRADE =
      new AuroraDatastore(
          "reporting",
          "aurora-mysql",
          "5.7.mysql_aurora.2.11.2",
          "prod-reporting",
          true,
          "8.0.mysql_aurora.3.05.2",
          "stg-reporting",
          1);
  static final AuroraDatastore SNAPSHOT =
      new AuroraDatastore(
          "events", "aurora-postgresql", "13.12", "prod-events", false, null, "stg-events", 0);

  @Test
  void firstMorningCloneWithUpgradeAndAReader() {
    CallFloor f = CLONE_WITH_UPGRADE.floor(Optional.empty());
    assertThat(f.writes())
        .isEqualTo(
            Map.of(
                "rds:RestoreDBClusterToPointInTime", 1L,
                "rds:ModifyDBCluster", 1L,
                "rds:CreateDBInstance", 2L));
    // source 1, three steps finding nothing 3, restore 1, awaitCluster 2, upgrade 2.
    assertThat(f.reads()).containsEntry("rds:DescribeDBClusters", 9L);
    // createInstances 1, awaitInstances 2.
    assertThat(f.reads()).containsEntry("rds:DescribeDBInstances", 3L);
  }

  @Test
  void everyMorningSnapshotRestoreDeletesYesterdaysClusterFirst() {
    RdsClusterInfo yesterday =
        new RdsClusterInfo(
            "stg-events",
            "arn",
            "available",
            "aurora-postgresql",
            "13.12",
            "endpoint",
            false,
            Map.of(),
            List.of(
                new RdsClusterInfo.Member("stg-events-1", "db.r6g.large", "available", true),
                new RdsClusterInfo.Member("stg-events-2", "db.r6g.large", "available", false)),
            RdsClusterEvent.Origin.SEED,
            null);
    CallFloor f = SNAPSHOT.floor(Optional.of(yesterday));
    assertThat(f.writes())
        .isEqualTo(
            Map.of(
                "rds:DeleteDBInstance", 2L,
                "rds:DeleteDBCluster", 1L,
                "rds:RestoreDBClusterFromSnapshot", 1L,
                "rds:CreateDBInstance", 1L));
    // deleteInstances 2, deleteCluster 1, awaitIdentifierFree 2, restore 1, awaitCluster 2.
    assertThat(f.reads()).containsEntry("rds:DescribeDBClusters", 8L);
    // deleteInstances 2, createInstances 1, awaitInstances 2.
    assertThat(f.reads()).containsEntry("rds:DescribeDBInstances", 5L);
    assertThat(f.plus(CallFloor.NONE)).isEqualTo(f);
    assertThat(f.totalWrites()).isEqualTo(5);
  }
}
