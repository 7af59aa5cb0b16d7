package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Seeds the RDS state that Slipway finds rather than makes (production clusters and their snapshots
 * in another account, RAM shares), and reads it back for tests. Callers hold the lock.
 */
final class RdsSeeding {
  private RdsSeeding() {}

  /**
   * An available cluster created 30 days ago with one writer, encrypted with a customer managed key
   * of its account, keeping a week of daily automated backups. Returns its ARN; a cluster with that
   * identifier is left as it is.
   */
  static String cluster(
      RegionState rs, RdsDirectory dir, String id, String engine, String engineVersion) {
    if (!RdsEngines.supported(engine)) {
      throw new IllegalArgumentException("engine must be aurora-mysql or aurora-postgresql");
    }
    if (!RdsEngines.validVersion(engine, engineVersion)) {
      throw new IllegalArgumentException("not an " + engine + " version: " + engineVersion);
    }
    if (!RdsArns.validIdentifier(id)) throw new IllegalArgumentException("bad identifier " + id);
    RdsModel m = rs.rds;
    String key = RdsArns.normalize(id);
    if (m.clusters.containsKey(key)) return m.clusters.get(key).arn;
    Instant now = rs.now();
    Instant created = now.minus(Duration.ofDays(30));
    RdsCluster c =
        new RdsCluster(
            rs.account,
            rs.region,
            key,
            engine,
            engineVersion,
            created,
            RdsClusterEvent.Origin.SEED,
            null,
            "admin",
            true,
            RdsArns.kmsKey(rs.region, rs.account, rs.ids.uuid()),
            RdsEngines.port(engine),
            false,
            m.resourceId("cluster-"));
    c.status = "available";
    new RdsRestoreOps(rs, dir).configure(c, "default", null, null, false, List.of());
    c.backupRetentionDays = 7;
    c.nextBackupAt = RdsModel.nextBackupAfter(now.minus(Duration.ofDays(7)));
    m.clusters.put(key, c);
    RdsInstance writer =
        new RdsInstance(
            rs.account,
            rs.region,
            key + "-instance-1",
            key,
            "db.r6g.large",
            engine,
            m.nextAvailabilityZone(),
            m.resourceId("db-"),
            created,
            1);
    writer.writer = true;
    writer.status = "available";
    writer.parameterGroup = RdsEngines.defaultParameterGroup(engine, engineVersion);
    m.instances.put(writer.id, writer);
    m.advance(now); // takes the past week's automated backups
    return c.arn;
  }

  /** A manual snapshot of an existing cluster, taken now; returns its ARN (idempotent). */
  static String snapshot(RegionState rs, String clusterId, String snapshotId) {
    RdsCluster c = rs.rds.clusters.get(RdsArns.normalize(clusterId));
    if (c == null) throw new IllegalArgumentException("no cluster " + clusterId);
    RdsSnapshot existing = rs.rds.snapshots.get(RdsArns.normalize(snapshotId));
    if (existing != null) return existing.arn();
    return new RdsSnapshotOps(rs).takeManual(c, snapshotId).arn();
  }

  /**
   * Models an AWS RAM resource share of a cluster with another account, which may then clone it
   * (RestoreDBClusterToPointInTime, copy-on-write, naming the cluster by ARN).
   */
  static void shareCluster(RegionState rs, String clusterId, String consumer) {
    checkAccount(consumer);
    RdsCluster c = rs.rds.clusters.get(RdsArns.normalize(clusterId));
    if (c == null) throw new IllegalArgumentException("no cluster " + clusterId);
    if (c.kmsKeyId != null && c.kmsKeyId.endsWith("alias/aws/rds")) {
      throw new IllegalArgumentException("clusters encrypted with aws/rds can't be shared");
    }
    c.sharedWith.add(consumer);
  }

  static void shareSnapshot(RegionState rs, String snapshotId, String consumer) {
    checkAccount(consumer);
    new RdsSnapshotOps(rs).share(snapshotId, "restore", List.of(consumer), List.of());
  }

  static List<RdsClusterInfo> clusters(RegionState rs) {
    return rs.rds.clusters.values().stream().map(c -> info(rs.rds, c)).toList();
  }

  private static RdsClusterInfo info(RdsModel m, RdsCluster c) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag t : c.tags) tags.put(t.key(), t.value() == null ? "" : t.value());
    List<RdsClusterInfo.Member> members =
        m.instancesOf(c.id).stream()
            .map(i -> new RdsClusterInfo.Member(i.id, i.instanceClass, i.status, i.writer))
            .toList();
    return new RdsClusterInfo(
        c.id,
        c.arn,
        c.status,
        c.engine,
        c.engineVersion,
        c.endpoint(),
        c.deletionProtection,
        tags,
        members,
        c.origin,
        c.cloneGroupId);
  }

  private static void checkAccount(String account) {
    if (account == null || !account.matches("\\d{12}")) {
      throw new IllegalArgumentException("account ids are 12 digits");
    }
  }
}
