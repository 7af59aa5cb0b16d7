package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DeleteReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.NodeGroupConfiguration;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Replication groups: create (empty, from a backup, or from .rdb files in S3), describe, delete.
 */
final class ElastiCacheGroupOps {
  private final RegionState rs;
  private final ElastiCacheContext ctx;

  ElastiCacheGroupOps(RegionState rs, ElastiCacheContext ctx) {
    this.rs = rs;
    this.ctx = ctx;
  }

  ReplicationGroup create(CreateReplicationGroupRequest r) {
    if (!ElastiCacheNames.validId(r.replicationGroupId())) {
      throw ElastiCacheErrors.invalidValue(
          "ReplicationGroupId must be 1 to 40 letters, digits or hyphens, begin with a letter,"
              + " and contain neither two consecutive hyphens nor a trailing hyphen.");
    }
    // AWS stores identifiers in lowercase.
    String id = r.replicationGroupId().toLowerCase(Locale.ROOT);
    if (rs.elasticache.groups.containsKey(id)) throw ElastiCacheErrors.groupExists(id);
    if (r.replicationGroupDescription() == null || r.replicationGroupDescription().isBlank()) {
      throw ElastiCacheErrors.invalidValue(
          "The parameter ReplicationGroupDescription must be provided and must not be blank.");
    }
    if (r.cacheNodeType() == null) {
      throw ElastiCacheErrors.invalidValue("The parameter CacheNodeType must be provided.");
    }
    String engine = r.engine() == null ? "redis" : r.engine().toLowerCase(Locale.ROOT);
    if (!engine.equals("redis") && !engine.equals("valkey")) {
      throw ElastiCacheErrors.invalidValue("Invalid engine: " + r.engine());
    }
    boolean fromS3 = r.hasSnapshotArns() && !r.snapshotArns().isEmpty();
    if (fromS3 && r.snapshotName() != null) {
      throw ElastiCacheErrors.invalidCombination(
          "Only one of SnapshotArns and SnapshotName may be specified.");
    }
    ElastiCacheGroup g = new ElastiCacheGroup();
    g.id = id;
    g.description = r.replicationGroupDescription();
    g.engine = engine;
    g.nodeType = r.cacheNodeType();
    shape(g, r);
    if (fromS3) {
      for (String arn : r.snapshotArns()) {
        if (ElastiCacheNames.parseS3Arn(arn) == null) {
          throw ElastiCacheErrors.invalidValue(
              "Invalid S3 ARN " + arn + ": expected arn:aws:s3:::bucket/key.rdb with no commas.");
        }
      }
      // Seen on AWS: a cluster-mode-enabled restore from .rdb files needs explicit slot ranges.
      if (g.clusterEnabled && !hasSlots(r)) {
        throw ElastiCacheErrors.invalidCombination(
            "Slots must be provided when restoring from snapshot ARNs with cluster mode enabled");
      }
      g.restoredFrom = List.copyOf(r.snapshotArns());
      g.restoredFromS3 = true;
    } else if (r.snapshotName() != null) {
      ElastiCacheSnapshot s = rs.elasticache.snapshots.get(r.snapshotName());
      if (s == null || !s.status.equals("available")) {
        throw ElastiCacheErrors.snapshotNotFound(r.snapshotName());
      }
      g.restoredFrom = List.of(s.name);
    }
    g.engineVersion = r.engineVersion() != null ? r.engineVersion() : "7.1";
    g.transitEncryption = Boolean.TRUE.equals(r.transitEncryptionEnabled());
    g.atRestEncryption = Boolean.TRUE.equals(r.atRestEncryptionEnabled());
    g.kmsKeyId = r.kmsKeyId();
    g.subnetGroup = r.cacheSubnetGroupName();
    g.securityGroupIds = r.hasSecurityGroupIds() ? List.copyOf(r.securityGroupIds()) : List.of();
    g.parameterGroup = r.cacheParameterGroupName();
    g.retentionLimit = r.snapshotRetentionLimit() != null ? r.snapshotRetentionLimit() : 0;
    if (r.snapshotWindow() != null) g.snapshotWindow = r.snapshotWindow();
    if (r.hasTags()) ElastiCacheTagOps.put(g.tags, r.tags());
    g.createdAt = rs.now();
    g.transitionAt = g.createdAt.plus(ctx.createDuration(rs, id));
    rs.elasticache.groups.put(id, g);
    return g.toSdk(rs);
  }

  /** Shards and replicas from NumNodeGroups/ReplicasPerNodeGroup, or NumCacheClusters. */
  private static void shape(ElastiCacheGroup g, CreateReplicationGroupRequest r) {
    boolean clusterParams =
        r.cacheParameterGroupName() != null && r.cacheParameterGroupName().endsWith(".cluster.on");
    if (r.numNodeGroups() != null || r.replicasPerNodeGroup() != null) {
      g.shards = r.numNodeGroups() != null ? r.numNodeGroups() : 1;
      g.nodesPerShard = 1 + (r.replicasPerNodeGroup() != null ? r.replicasPerNodeGroup() : 0);
      g.clusterEnabled = g.shards > 1 || clusterParams || "enabled".equals(r.clusterModeAsString());
    } else {
      g.nodesPerShard = r.numCacheClusters() != null ? r.numCacheClusters() : 1;
      g.clusterEnabled = clusterParams || "enabled".equals(r.clusterModeAsString());
    }
    if (g.shards < 1 || g.shards > 500 || g.nodesPerShard < 1 || g.nodesPerShard > 6) {
      throw ElastiCacheErrors.invalidValue(
          "NumNodeGroups must be 1 to 500, ReplicasPerNodeGroup 0 to 5 and NumCacheClusters 1 to 6.");
    }
  }

  private static boolean hasSlots(CreateReplicationGroupRequest r) {
    return r.hasNodeGroupConfiguration()
        && !r.nodeGroupConfiguration().isEmpty()
        && r.nodeGroupConfiguration().stream()
            .map(NodeGroupConfiguration::slots)
            .allMatch(s -> s != null);
  }

  ReplicationGroup delete(DeleteReplicationGroupRequest r) {
    ElastiCacheGroup g = rs.elasticache.groups.get(lower(r.replicationGroupId()));
    if (g == null) throw ElastiCacheErrors.groupNotFound(r.replicationGroupId());
    // A group whose create failed can (and must) be deleted before its id is free again.
    boolean deletable =
        g.status.equals(ElastiCacheGroup.AVAILABLE)
            || g.status.equals(ElastiCacheGroup.CREATE_FAILED);
    if (!deletable) {
      throw ElastiCacheErrors.invalidGroupState(
          "Replication group " + g.id + " is not in the available state (" + g.status + ").");
    }
    String finalName = r.finalSnapshotIdentifier();
    if (finalName != null) {
      if (!g.status.equals(ElastiCacheGroup.AVAILABLE)) {
        throw ElastiCacheErrors.invalidGroupState(
            "A final snapshot needs replication group " + g.id + " to be available.");
      }
      if (rs.elasticache.snapshots.containsKey(finalName)) {
        throw ElastiCacheErrors.snapshotExists(
            "Snapshot with specified name [" + finalName + "] already exists.");
      }
      ElastiCacheSnapshot s = new ElastiCacheSnapshot(finalName, "manual", rs.now(), g);
      s.status = "creating";
      rs.elasticache.snapshots.put(finalName, s);
      g.finalSnapshot = finalName;
    }
    g.status = ElastiCacheGroup.DELETING;
    g.transitionAt = rs.now().plus(ctx.deleteDuration(rs, g.id));
    return g.toSdk(rs);
  }

  DescribeReplicationGroupsResponse describe(DescribeReplicationGroupsRequest r) {
    List<ElastiCacheGroup> all;
    if (r.replicationGroupId() != null) {
      ElastiCacheGroup g = rs.elasticache.groups.get(lower(r.replicationGroupId()));
      if (g == null) throw ElastiCacheErrors.groupNotFound(r.replicationGroupId());
      all = List.of(g);
    } else {
      all = List.copyOf(rs.elasticache.groups.values());
    }
    var page = ElastiCacheSimulator.page(all, r.marker(), r.maxRecords(), 100);
    return DescribeReplicationGroupsResponse.builder()
        .replicationGroups(page.items().stream().map(g -> g.toSdk(rs)).toList())
        .marker(page.nextToken())
        .build();
  }

  DescribeCacheClustersResponse describeClusters(DescribeCacheClustersRequest r) {
    List<CacheCluster> all =
        rs.elasticache.groups.values().stream()
            .flatMap(g -> g.cacheClusters(rs).stream())
            .filter(
                c ->
                    r.cacheClusterId() == null
                        || c.cacheClusterId().equals(lower(r.cacheClusterId())))
            .toList();
    if (r.cacheClusterId() != null && all.isEmpty()) {
      throw ElastiCacheErrors.clusterNotFound(r.cacheClusterId());
    }
    var page = ElastiCacheSimulator.page(all, r.marker(), r.maxRecords(), 100);
    return DescribeCacheClustersResponse.builder()
        .cacheClusters(page.items())
        .marker(page.nextToken())
        .build();
  }

  /** A production group that has been available for a month, with its past automated backups. */
  ElastiCacheGroupView seed(String id, String engineVersion, String nodeType, int shards) {
    ElastiCacheGroup existing = rs.elasticache.groups.get(id);
    if (existing != null) return existing.view(rs);
    ElastiCacheGroup g = new ElastiCacheGroup();
    g.id = id;
    g.description = "Seeded production replication group " + id;
    g.engineVersion = engineVersion;
    g.nodeType = nodeType;
    g.shards = shards;
    g.nodesPerShard = 2;
    g.clusterEnabled = shards > 1;
    g.retentionLimit = 7;
    // A backup window between 15:00 and 20:59 UTC, fixed per group: night-time in Asia.
    int hour = 15 + (int) Math.floorMod((long) id.hashCode(), 6L);
    g.snapshotWindow = String.format("%02d:00-%02d:00", hour, hour + 1);
    g.status = ElastiCacheGroup.AVAILABLE;
    g.createdAt = rs.now().minus(Duration.ofDays(30));
    g.transitionAt = g.createdAt;
    g.lastBackupAt = g.createdAt;
    rs.elasticache.groups.put(id, g);
    ElastiCacheLifecycle.advance(rs, ctx);
    return g.view(rs);
  }

  private static String lower(String id) {
    return id == null ? null : id.toLowerCase(Locale.ROOT);
  }
}
