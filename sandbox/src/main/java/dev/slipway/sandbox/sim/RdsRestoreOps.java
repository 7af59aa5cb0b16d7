package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * RestoreDBClusterFromSnapshot and RestoreDBClusterToPointInTime (clones). Both create a cluster
 * without instances, as Aurora does: the caller adds a writer with CreateDBInstance once the
 * cluster is available.
 */
final class RdsRestoreOps {
  private static final String COPY_ON_WRITE = "copy-on-write";
  private static final String FULL_COPY = "full-copy";

  private final RegionState rs;
  private final RdsModel m;
  private final RdsDirectory dir;

  RdsRestoreOps(RegionState rs, RdsDirectory dir) {
    this.rs = rs;
    this.m = rs.rds;
    this.dir = dir;
  }

  /**
   * Clones (copy-on-write) or restores (full-copy) a cluster. {@code remote} is the source already
   * read from another account, or null when the source is named in the caller's account.
   */
  RdsCluster toPointInTime(RestoreDbClusterToPointInTimeRequest r, RdsClusterSource remote) {
    String type = r.restoreType() == null ? FULL_COPY : r.restoreType();
    if (!type.equals(COPY_ON_WRITE) && !type.equals(FULL_COPY)) {
      throw RdsErrors.invalidParameterValue("Invalid restore type: " + type);
    }
    String id = newClusterId(r.dbClusterIdentifier());
    if (r.sourceDBClusterIdentifier() == null) {
      throw RdsErrors.missingParameter("SourceDBClusterIdentifier");
    }
    RdsClusterSource source = remote != null ? remote : localSource(r.sourceDBClusterIdentifier());
    if (source == null) throw RdsErrors.clusterNotFound(r.sourceDBClusterIdentifier());
    boolean crossAccount = !source.account().equals(rs.account);
    if (crossAccount && type.equals(FULL_COPY)) {
      throw RdsErrors.invalidParameterCombination(
          "A DB cluster shared from another account can only be cloned with the copy-on-write"
              + " restore type.");
    }
    checkRestoreTime(r, source);
    if (!source.status().equals("available")) {
      throw RdsErrors.invalidClusterState(
          "DB cluster " + source.id() + " is not in the available state.");
    }
    if (!source.hasAvailableInstance()) {
      throw RdsErrors.invalidClusterState(
          "DB cluster " + source.id() + " has no available DB instance to restore from.");
    }
    checkCapacity();
    String kms =
        RdsKeys.restoredKey(
            rs, source.storageEncrypted(), source.kmsKeyId(), r.kmsKeyId(), false, source.arn());
    boolean clone = type.equals(COPY_ON_WRITE);
    RdsTimings.Range took = clone ? dir.timings.cloneReady() : dir.timings.snapshotRestore();
    RdsCluster c =
        create(
            id,
            source.engine(),
            source.engineVersion(),
            clone ? RdsClusterEvent.Origin.CLONE : RdsClusterEvent.Origin.POINT_IN_TIME_RESTORE,
            source.arn(),
            source.masterUsername(),
            kms,
            r.port() != null ? r.port() : source.port(),
            clone && crossAccount,
            took.sample(m.random));
    configure(
        c,
        r.dbSubnetGroupName(),
        r.hasVpcSecurityGroupIds() ? r.vpcSecurityGroupIds() : null,
        r.dbClusterParameterGroupName(),
        r.deletionProtection(),
        r.hasTags() ? r.tags() : List.of());
    if (clone) {
      c.cloneGroupId = source.cloneGroupId() != null ? source.cloneGroupId() : rs.ids.uuid();
      RdsCluster local = crossAccount ? null : m.clusters.get(source.id());
      if (local != null && local.cloneGroupId == null) local.cloneGroupId = c.cloneGroupId;
    }
    return c;
  }

  /**
   * Restores a cluster snapshot, optionally to a newer engine version (how an engine upgrade is
   * rehearsed on production data). {@code remote} is a snapshot already read from another account,
   * or null.
   */
  RdsCluster fromSnapshot(RestoreDbClusterFromSnapshotRequest r, RdsSnapshot remote) {
    String id = newClusterId(r.dbClusterIdentifier());
    if (r.snapshotIdentifier() == null) throw RdsErrors.missingParameter("SnapshotIdentifier");
    if (r.engine() == null) throw RdsErrors.missingParameter("Engine");
    RdsSnapshot s = remote != null ? remote : localSnapshot(r.snapshotIdentifier());
    if (s == null) throw RdsErrors.snapshotNotFound(r.snapshotIdentifier());
    if (!r.engine().equals(s.engine())) {
      throw RdsErrors.invalidParameterCombination(
          "The engine "
              + r.engine()
              + " doesn't match the engine "
              + s.engine()
              + " of DB cluster snapshot "
              + s.id()
              + ".");
    }
    String version = r.engineVersion() != null ? r.engineVersion() : s.engineVersion();
    if (!RdsEngines.validVersion(s.engine(), version)) {
      throw RdsErrors.invalidParameterCombination(
          "Cannot find version " + version + " for " + s.engine());
    }
    if (RdsEngines.compare(version, s.engineVersion()) < 0) {
      throw RdsErrors.invalidParameterCombination(
          "Cannot restore a DB cluster snapshot of engine version "
              + s.engineVersion()
              + " to the earlier engine version "
              + version
              + ".");
    }
    checkCapacity();
    String kms =
        RdsKeys.restoredKey(rs, s.storageEncrypted(), s.kmsKeyId(), r.kmsKeyId(), true, s.arn());
    RdsCluster c =
        create(
            id,
            s.engine(),
            version,
            RdsClusterEvent.Origin.SNAPSHOT_RESTORE,
            s.arn(),
            s.masterUsername(),
            kms,
            r.port() != null ? r.port() : RdsEngines.port(s.engine()),
            false,
            dir.timings.snapshotRestore().sample(m.random));
    configure(
        c,
        r.dbSubnetGroupName(),
        r.hasVpcSecurityGroupIds() ? r.vpcSecurityGroupIds() : null,
        r.dbClusterParameterGroupName(),
        r.deletionProtection(),
        r.hasTags() ? r.tags() : List.of());
    return c;
  }

  /**
   * Validates a new cluster's identifier and refuses one in use, even by a cluster being deleted.
   */
  String newClusterId(String requested) {
    if (requested == null) throw RdsErrors.missingParameter("DBClusterIdentifier");
    if (!RdsArns.validIdentifier(requested))
      throw RdsErrors.invalidIdentifier("DBClusterIdentifier");
    String id = RdsArns.normalize(requested);
    if (m.clusters.containsKey(id)) throw RdsErrors.clusterAlreadyExists();
    return id;
  }

  /** A cluster in "creating" until {@code took} has passed. */
  RdsCluster create(
      String id,
      String engine,
      String version,
      RdsClusterEvent.Origin origin,
      String source,
      String masterUsername,
      String kmsKeyId,
      int port,
      boolean crossAccountClone,
      Duration took) {
    Instant now = rs.now();
    RdsCluster c =
        new RdsCluster(
            rs.account,
            rs.region,
            id,
            engine,
            version,
            now,
            origin,
            source,
            masterUsername,
            kmsKeyId != null,
            kmsKeyId,
            port,
            crossAccountClone,
            m.resourceId("cluster-"));
    c.status = "creating";
    c.transitionEndsAt = now.plus(took);
    m.clusters.put(id, c);
    return c;
  }

  /** Applies the settings every create and restore call takes, with RDS's defaults. */
  void configure(
      RdsCluster c,
      String subnetGroup,
      List<String> securityGroups,
      String parameterGroup,
      Boolean deletionProtection,
      List<Tag> tags) {
    c.subnetGroup = subnetGroup != null ? subnetGroup : "default";
    // Without explicit groups a restored cluster gets the VPC's default security group.
    c.securityGroups =
        securityGroups != null
            ? List.copyOf(securityGroups)
            : List.of("sg-" + RdsArns.token(rs.account, rs.region).substring(0, 8));
    c.parameterGroup =
        parameterGroup != null
            ? parameterGroup
            : RdsEngines.defaultParameterGroup(c.engine, c.engineVersion);
    c.deletionProtection = Boolean.TRUE.equals(deletionProtection);
    TagLists.put(c.tags, tags, Tag::key);
  }

  private void checkRestoreTime(RestoreDbClusterToPointInTimeRequest r, RdsClusterSource source) {
    boolean latest = Boolean.TRUE.equals(r.useLatestRestorableTime());
    if (latest && r.restoreToTime() != null) {
      throw RdsErrors.invalidParameterCombination(
          "Cannot specify both RestoreToTime and UseLatestRestorableTime.");
    }
    if (!latest && r.restoreToTime() == null) {
      throw RdsErrors.invalidParameterCombination(
          "Either RestoreToTime or UseLatestRestorableTime must be specified.");
    }
    Instant to = r.restoreToTime();
    if (to != null
        && (to.isBefore(source.createdAt()) || to.isAfter(rs.now().minus(RdsRender.RESTORE_LAG)))) {
      throw RdsErrors.invalidRestore(
          "The requested restore time " + to + " is outside the restorable window of the source.");
    }
  }

  // Capacity shortages are injected as the pseudo-operation rds:InsufficientDBClusterCapacity.
  private void checkCapacity() {
    if (dir.faults.decide(AwsErrors.RDS, "InsufficientDBClusterCapacity").error() != null) {
      throw RdsErrors.insufficientClusterCapacity();
    }
  }

  private RdsClusterSource localSource(String ref) {
    RdsArns.Arn arn = RdsArns.parse(ref);
    if (arn != null && !isLocal(arn, RdsArns.CLUSTER)) return null;
    RdsCluster c = m.clusters.get(RdsArns.normalize(arn != null ? arn.name() : ref));
    return c == null ? null : c.asSource(RdsDirectory.hasAvailableInstance(m, c));
  }

  private RdsSnapshot localSnapshot(String ref) {
    RdsArns.Arn arn = RdsArns.parse(ref);
    if (arn != null && !isLocal(arn, RdsArns.CLUSTER_SNAPSHOT)) return null;
    return m.snapshots.get(RdsArns.normalize(arn != null ? arn.name() : ref));
  }

  private boolean isLocal(RdsArns.Arn arn, String type) {
    return arn.account().equals(rs.account)
        && arn.region().equals(rs.region)
        && arn.type().equals(type);
  }
}
