package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshSpec.ElastiCache;
import dev.slipway.api.v1alpha1.RefreshStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.elasticache.model.ClusterMode;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.NodeGroupConfiguration;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** Pure builders of what the ElastiCache refresh asks for: the export's keys and the create. */
final class ElastiCacheRequests {
  /** Redis cluster mode's hash slots. */
  static final int SLOTS = 16384;

  private ElastiCacheRequests() {}

  /** The objects an export named {@code name} writes: NAME-0001.rdb, one per shard. */
  static List<String> exportKeys(String name, int shards) {
    return IntStream.rangeClosed(1, shards)
        .mapToObj(s -> name + "-" + String.format("%04d", s) + ".rdb")
        .toList();
  }

  /** The create: staging's shape, production's data (the export), tagged with owner and run. */
  static CreateReplicationGroupRequest create(
      ElastiCache spec, RefreshStatus.Export export, Map<String, String> tags) {
    var t = spec.target;
    CreateReplicationGroupRequest.Builder b =
        CreateReplicationGroupRequest.builder()
            .replicationGroupId(t.replicationGroupId)
            .replicationGroupDescription(
                "Staging copy of " + spec.source.replicationGroupId + ", refreshed by Slipway")
            .engine(export.engine)
            .engineVersion(t.engineVersion != null ? t.engineVersion : export.engineVersion)
            .cacheNodeType(t.nodeType)
            .cacheSubnetGroupName(t.subnetGroup)
            .securityGroupIds(t.securityGroupIds)
            .cacheParameterGroupName(t.parameterGroup)
            .transitEncryptionEnabled(t.transitEncryption)
            .snapshotArns(export.objects)
            // Staging is re-created from production every morning: its own backups are waste.
            .snapshotRetentionLimit(0)
            .tags(
                tags.entrySet().stream()
                    .map(x -> Tag.builder().key(x.getKey()).value(x.getValue()).build())
                    .toList());
    if (t.shards != null) {
      int replicas = t.replicasPerShard == null ? 0 : t.replicasPerShard;
      // Seeding a cluster-mode-enabled group from .rdb files needs each shard's slot range.
      b.clusterMode(ClusterMode.ENABLED)
          .numNodeGroups(t.shards)
          .replicasPerNodeGroup(replicas)
          .nodeGroupConfiguration(slots(t.shards, replicas));
      if (replicas > 0) b.automaticFailoverEnabled(true);
    } else {
      int nodes = t.numCacheClusters == null ? 1 : t.numCacheClusters;
      b.numCacheClusters(nodes);
      if (nodes > 1) b.automaticFailoverEnabled(true);
    }
    return b.build();
  }

  /** The hash slots split evenly over the shards, as "first-last" ranges covering them all. */
  static List<NodeGroupConfiguration> slots(int shards, int replicas) {
    return IntStream.range(0, shards)
        .mapToObj(
            i ->
                NodeGroupConfiguration.builder()
                    .nodeGroupId(String.format("%04d", i + 1))
                    .slots((i * SLOTS / shards) + "-" + ((i + 1) * SLOTS / shards - 1))
                    .replicaCount(replicas)
                    .build())
        .toList();
  }
}
