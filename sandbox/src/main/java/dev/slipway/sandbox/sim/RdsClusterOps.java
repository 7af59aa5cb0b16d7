package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/** ModifyDBCluster, DeleteDBCluster and DescribeDBClusters against one account's model. */
final class RdsClusterOps {
  private static final Set<String> FILTERS = Set.of("db-cluster-id", "engine", "clone-group-id");

  private final RegionState rs;
  private final RdsModel m;
  private final RdsDirectory dir;

  RdsClusterOps(RegionState rs, RdsDirectory dir) {
    this.rs = rs;
    this.m = rs.rds;
    this.dir = dir;
  }

  RdsCluster find(String ref) {
    if (ref == null) throw RdsErrors.missingParameter("DBClusterIdentifier");
    RdsArns.Arn arn = RdsArns.parse(ref);
    boolean local =
        arn == null
            || arn.account().equals(rs.account)
                && arn.region().equals(rs.region)
                && arn.type().equals(RdsArns.CLUSTER);
    RdsCluster c = local ? m.clusters.get(RdsArns.normalize(arn != null ? arn.name() : ref)) : null;
    if (c == null) throw RdsErrors.clusterNotFound(ref);
    return c;
  }

  RdsCluster modify(ModifyDbClusterRequest r) {
    RdsCluster c = find(r.dbClusterIdentifier());
    if (!c.isAvailable()) throw notAvailable(c);
    if (r.newDBClusterIdentifier() != null) {
      throw RdsErrors.invalidParameterCombination(
          "Renaming a DB cluster (NewDBClusterIdentifier) is not modelled by the simulator.");
    }
    if (r.backupRetentionPeriod() != null
        && (r.backupRetentionPeriod() < 1 || r.backupRetentionPeriod() > 35)) {
      throw RdsErrors.invalidParameterValue(
          "Invalid backup retention period: " + r.backupRetentionPeriod() + ". Must be 1 to 35.");
    }
    boolean upgrading = r.engineVersion() != null && !r.engineVersion().equals(c.engineVersion);
    if (upgrading) {
      upgrade(c, r);
    } else if (r.dbInstanceParameterGroupName() != null) {
      throw instanceGroupOnlyForMajor();
    }
    // Deletion protection, retention and parameter group changes apply at once, whatever
    // ApplyImmediately says.
    if (r.deletionProtection() != null) c.deletionProtection = r.deletionProtection();
    if (r.backupRetentionPeriod() != null) c.backupRetentionDays = r.backupRetentionPeriod();
    if (r.dbClusterParameterGroupName() != null) c.parameterGroup = r.dbClusterParameterGroupName();
    if (r.preferredMaintenanceWindow() != null) {
      if (!r.preferredMaintenanceWindow()
          .matches("(?i)[a-z]{3}:\\d\\d:\\d\\d-[a-z]{3}:\\d\\d:\\d\\d")) {
        throw RdsErrors.invalidParameterValue(
            "Invalid maintenance window: " + r.preferredMaintenanceWindow());
      }
      c.preferredMaintenanceWindow = r.preferredMaintenanceWindow().toLowerCase();
    }
    if (r.hasVpcSecurityGroupIds() && !r.vpcSecurityGroupIds().equals(c.securityGroups)) {
      c.securityGroups = List.copyOf(r.vpcSecurityGroupIds());
      if (c.isAvailable()) {
        c.status = "modifying";
        c.transitionEndsAt = rs.now().plus(dir.timings.modify().sample(m.random));
      }
    }
    return c;
  }

  /**
   * Starts (or, without ApplyImmediately, schedules for the maintenance window) an engine version
   * change. A major upgrade runs prechecks first; the injectable pseudo-operation
   * rds:UpgradePrecheck makes them fail, leaving the cluster on its old version.
   */
  private void upgrade(RdsCluster c, ModifyDbClusterRequest r) {
    String to = r.engineVersion();
    if (!RdsEngines.validVersion(c.engine, to)) {
      throw RdsErrors.invalidParameterCombination(
          "Cannot find upgrade target from "
              + c.engineVersion
              + " with requested version "
              + to
              + ".");
    }
    if (RdsEngines.compare(to, c.engineVersion) < 0) {
      throw RdsErrors.invalidParameterCombination(
          "Cannot upgrade " + c.engine + " from " + c.engineVersion + " to " + to);
    }
    boolean major = !RdsEngines.sameMajor(c.engine, c.engineVersion, to);
    if (major && !Boolean.TRUE.equals(r.allowMajorVersionUpgrade())) {
      throw RdsErrors.invalidParameterCombination(
          "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major"
              + " version.");
    }
    if (!major && r.dbInstanceParameterGroupName() != null) throw instanceGroupOnlyForMajor();
    boolean precheckFails =
        major && dir.faults.decide(AwsErrors.RDS, "UpgradePrecheck").error() != null;
    RdsTimings.Range range =
        precheckFails
            ? dir.timings.failedPrecheck()
            : major ? dir.timings.majorUpgrade() : dir.timings.minorUpgrade();
    Duration took = range.sample(m.random);
    c.upgradeInstanceParameterGroup = r.dbInstanceParameterGroupName();
    if (Boolean.TRUE.equals(r.applyImmediately())) {
      m.startUpgrade(c, to, rs.now(), took, precheckFails);
    } else {
      c.pendingEngineVersion = to;
      c.pendingStartsAt = RdsModel.nextWindowStart(c.preferredMaintenanceWindow, rs.now());
      c.pendingDuration = took;
      c.pendingPrecheckFails = precheckFails;
    }
  }

  RdsCluster delete(DeleteDbClusterRequest r) {
    RdsCluster c = find(r.dbClusterIdentifier());
    if (c.status.equals("deleting")) {
      throw RdsErrors.invalidClusterState("Cluster " + c.id + " is already being deleted.");
    }
    if (c.deletionProtection) {
      throw RdsErrors.invalidParameterCombination(
          "Cannot delete protected Cluster, please disable deletion protection and try again.");
    }
    List<RdsInstance> members = m.instancesOf(c.id);
    if (members.stream().anyMatch(i -> !i.isDeleting())) {
      throw RdsErrors.invalidClusterState(
          "Cluster cannot be deleted, it still contains DB instances in non-deleting state.");
    }
    if (!c.isAvailable()) throw notAvailable(c);
    boolean skip = Boolean.TRUE.equals(r.skipFinalSnapshot());
    String finalId = r.finalDBSnapshotIdentifier();
    if (skip && finalId != null) {
      throw RdsErrors.invalidParameterCombination(
          "FinalDBSnapshotIdentifier can not be specified when deleting a cluster with"
              + " SkipFinalSnapshot=true.");
    }
    if (!skip && finalId == null) {
      throw RdsErrors.invalidParameterCombination(
          "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
    }
    if (finalId != null) new RdsSnapshotOps(rs).takeManual(c, finalId);
    // The cluster volume goes only after the last instance has gone.
    Instant instancesGone =
        members.stream()
            .map(i -> i.transitionEndsAt)
            .filter(t -> t != null)
            .max(Instant::compareTo)
            .filter(t -> t.isAfter(rs.now()))
            .orElse(rs.now());
    c.status = "deleting";
    c.pendingEngineVersion = null;
    c.transitionEndsAt = instancesGone.plus(dir.timings.clusterDelete().sample(m.random));
    return c;
  }

  /**
   * @param shared clusters other accounts shared with the caller, read beforehand (empty unless
   *     IncludeShared or an ARN of another account was asked for)
   */
  DescribeDbClustersResponse describe(DescribeDbClustersRequest r, List<DBCluster> shared) {
    Map<String, java.util.Set<String>> f =
        RdsQuery.filters(r.hasFilters() ? r.filters() : List.of(), FILTERS);
    List<DBCluster> all = new ArrayList<>();
    m.clusters.values().forEach(c -> all.add(RdsRender.cluster(m, c, rs.now())));
    all.addAll(shared);
    String ref = r.dbClusterIdentifier();
    List<DBCluster> out =
        all.stream()
            .filter(c -> ref == null || ref.equals(c.dbClusterArn()) || isOwnId(ref, c))
            .filter(
                c ->
                    RdsQuery.matches(f, "db-cluster-id", c.dbClusterIdentifier(), c.dbClusterArn()))
            .filter(c -> RdsQuery.matches(f, "engine", c.engine()))
            .filter(c -> RdsQuery.matches(f, "clone-group-id", c.cloneGroupId()))
            .toList();
    if (ref != null && out.isEmpty()) throw RdsErrors.clusterNotFound(ref);
    var page = RdsQuery.page(out, r.marker(), r.maxRecords());
    return DescribeDbClustersResponse.builder()
        .dbClusters(page.items())
        .marker(page.nextToken())
        .build();
  }

  private boolean isOwnId(String ref, DBCluster c) {
    return c.dbClusterArn().startsWith(RdsArns.of(rs.region, rs.account, RdsArns.CLUSTER, ""))
        && RdsArns.normalize(ref).equals(c.dbClusterIdentifier());
  }

  private static RuntimeException notAvailable(RdsCluster c) {
    return RdsErrors.invalidClusterState(
        "DB cluster " + c.id + " is not in the available state (it is " + c.status + ").");
  }

  private static RuntimeException instanceGroupOnlyForMajor() {
    return RdsErrors.invalidParameterCombination(
        "The DBInstanceParameterGroupName parameter is only valid in combination with the"
            + " AllowMajorVersionUpgrade parameter for a major version upgrade.");
  }
}
