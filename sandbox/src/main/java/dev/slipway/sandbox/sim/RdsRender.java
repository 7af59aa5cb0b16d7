package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.rds.model.ClusterPendingModifiedValues;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** Turns the model into the SDK's response shapes, as DescribeDBClusters and friends show it. */
final class RdsRender {
  /** Aurora's continuous backup trails the present by a few minutes. */
  static final Duration RESTORE_LAG = Duration.ofMinutes(5);

  private RdsRender() {}

  static DBCluster cluster(RdsModel m, RdsCluster c, Instant now) {
    List<RdsInstance> members =
        m.instancesOf(c.id).stream()
            .sorted(Comparator.comparing((RdsInstance i) -> !i.writer))
            .toList();
    Instant latest = max(c.createdAt, now.minus(RESTORE_LAG));
    Instant earliest = max(c.createdAt, now.minus(Duration.ofDays(c.backupRetentionDays)));
    DBCluster.Builder b =
        DBCluster.builder()
            .dbClusterIdentifier(c.id)
            .dbClusterArn(c.arn)
            .dbClusterResourceId(c.resourceId)
            .engine(c.engine)
            .engineVersion(c.engineVersion)
            .engineMode("provisioned")
            .status(c.status)
            .endpoint(c.endpoint())
            .readerEndpoint(c.readerEndpoint())
            .port(c.port)
            .masterUsername(c.masterUsername)
            .dbSubnetGroup(c.subnetGroup)
            .vpcSecurityGroups(securityGroups(c.securityGroups))
            .dbClusterParameterGroup(c.parameterGroup)
            .storageEncrypted(c.storageEncrypted)
            .kmsKeyId(c.kmsKeyId)
            .deletionProtection(c.deletionProtection)
            .backupRetentionPeriod(c.backupRetentionDays)
            .preferredBackupWindow(c.preferredBackupWindow)
            .preferredMaintenanceWindow(c.preferredMaintenanceWindow)
            .clusterCreateTime(c.createdAt)
            .cloneGroupId(c.cloneGroupId)
            .crossAccountClone(c.crossAccountClone)
            .availabilityZones(c.region + "a", c.region + "b", c.region + "c")
            .multiAZ(members.stream().map(i -> i.availabilityZone).distinct().count() > 1)
            .storageType("aurora")
            .allocatedStorage(1)
            .iamDatabaseAuthenticationEnabled(false)
            .httpEndpointEnabled(false)
            .copyTagsToSnapshot(false)
            .autoMinorVersionUpgrade(true)
            .dbClusterMembers(members.stream().map(i -> member(c, i)).toList())
            .tagList(c.tags);
    if (!c.status.equals("creating")) {
      b.latestRestorableTime(latest).earliestRestorableTime(earliest);
    }
    if (c.pendingEngineVersion != null) {
      b.pendingModifiedValues(
          ClusterPendingModifiedValues.builder().engineVersion(c.pendingEngineVersion).build());
    }
    return b.build();
  }

  private static DBClusterMember member(RdsCluster c, RdsInstance i) {
    return DBClusterMember.builder()
        .dbInstanceIdentifier(i.id)
        .isClusterWriter(i.writer)
        .dbClusterParameterGroupStatus("in-sync")
        .promotionTier(i.promotionTier)
        .build();
  }

  static DBInstance instance(RdsModel m, RdsInstance i) {
    RdsCluster c = m.clusters.get(i.clusterId);
    // Instances follow their cluster through an engine upgrade.
    String status =
        c != null && c.status.equals("upgrading") && i.status.equals("available")
            ? "upgrading"
            : i.status;
    DBInstance.Builder b =
        DBInstance.builder()
            .dbInstanceIdentifier(i.id)
            .dbInstanceArn(i.arn)
            .dbiResourceId(i.resourceId)
            .dbInstanceClass(i.instanceClass)
            .engine(i.engine)
            .dbInstanceStatus(status)
            .dbClusterIdentifier(i.clusterId)
            .availabilityZone(i.availabilityZone)
            .instanceCreateTime(i.createdAt)
            .promotionTier(i.promotionTier)
            .publiclyAccessible(false)
            .multiAZ(false)
            .autoMinorVersionUpgrade(true)
            .storageType("aurora")
            .allocatedStorage(1)
            .dbParameterGroups(
                DBParameterGroupStatus.builder()
                    .dbParameterGroupName(i.parameterGroup)
                    .parameterApplyStatus("in-sync")
                    .build())
            .tagList(i.tags);
    if (c != null) {
      b.engineVersion(c.engineVersion)
          .masterUsername(c.masterUsername)
          .storageEncrypted(c.storageEncrypted)
          .kmsKeyId(c.kmsKeyId)
          .dbInstancePort(0)
          .vpcSecurityGroups(securityGroups(c.securityGroups))
          .dbSubnetGroup(
              DBSubnetGroup.builder()
                  .dbSubnetGroupName(c.subnetGroup)
                  .subnetGroupStatus("Complete")
                  .build())
          .preferredBackupWindow(c.preferredBackupWindow)
          .preferredMaintenanceWindow(c.preferredMaintenanceWindow)
          .backupRetentionPeriod(c.backupRetentionDays);
    }
    // An instance has no endpoint until it has been created.
    if (!i.status.equals("creating") && c != null) {
      b.endpoint(
          Endpoint.builder()
              .address(RdsArns.instanceEndpoint(c.account, c.region, i.id))
              .port(c.port)
              .build());
    }
    return b.build();
  }

  /**
   * A snapshot as {@code caller} sees it: snapshots shared from another account are named by their
   * ARN, since their plain name means nothing in the caller's account.
   */
  static DBClusterSnapshot snapshot(RdsSnapshot s, String caller) {
    return DBClusterSnapshot.builder()
        .dbClusterSnapshotIdentifier(s.account().equals(caller) ? s.id() : s.arn())
        .dbClusterSnapshotArn(s.arn())
        .dbClusterIdentifier(s.clusterId())
        .snapshotCreateTime(s.createdAt())
        .engine(s.engine())
        .engineVersion(s.engineVersion())
        .engineMode("provisioned")
        .status("available")
        .percentProgress(100)
        .port(s.port())
        .masterUsername(s.masterUsername())
        .snapshotType(s.type())
        .storageEncrypted(s.storageEncrypted())
        .kmsKeyId(s.kmsKeyId())
        .clusterCreateTime(s.clusterCreatedAt())
        .dbClusterResourceId(s.clusterResourceId())
        .availabilityZones(s.region() + "a", s.region() + "b", s.region() + "c")
        .allocatedStorage(1)
        .storageType("aurora")
        .licenseModel(
            s.engine().equals(RdsEngines.MYSQL) ? "general-public-license" : "postgresql-license")
        .tagList(s.tags())
        .build();
  }

  private static List<VpcSecurityGroupMembership> securityGroups(List<String> ids) {
    return ids.stream()
        .map(
            id ->
                VpcSecurityGroupMembership.builder()
                    .vpcSecurityGroupId(id)
                    .status("active")
                    .build())
        .toList();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
