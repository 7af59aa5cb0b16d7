package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.Tag;

/**
 * One replication group and its member cache clusters. The group's status is one of AWS's
 * documented ReplicationGroup values (creating, available, deleting, create-failed); a failed
 * restore shows as create-failed on the group and restore-failed on its cache clusters, the value
 * the SDK's CacheClusterAvailable waiter treats as terminal.
 */
final class ElastiCacheGroup {
  static final String CREATING = "creating";
  static final String AVAILABLE = "available";
  static final String DELETING = "deleting";
  static final String CREATE_FAILED = "create-failed";
  static final String RESTORE_FAILED = "restore-failed";

  String id;
  String description;
  String engine = "redis";
  String engineVersion;
  String nodeType;
  int shards = 1;
  int nodesPerShard = 1;
  boolean clusterEnabled;
  boolean transitEncryption;
  boolean atRestEncryption;
  String kmsKeyId;
  String subnetGroup;
  List<String> securityGroupIds = List.of();
  String parameterGroup;
  int retentionLimit;
  String snapshotWindow = "03:00-04:00";
  final List<Tag> tags = new ArrayList<>();

  /** The S3 ARNs or backup name this group was seeded from (empty for an empty group). */
  List<String> restoredFrom = List.of();

  boolean restoredFromS3;
  String status = CREATING;
  Instant createdAt;

  /** When a creating group finishes, or a deleting one is gone. */
  Instant transitionAt;

  /** The last automated backup, to know when the next one is due. */
  Instant lastBackupAt;

  String finalSnapshot;

  static String shardId(int shard) {
    return String.format("%04d", shard);
  }

  /** Member cache cluster ids: ID-001... without cluster mode, ID-0001-001... with it. */
  List<String> memberClusters() {
    List<String> ids = new ArrayList<>();
    for (int s = 1; s <= shards; s++) {
      for (int n = 1; n <= nodesPerShard; n++) {
        ids.add(
            clusterEnabled
                ? id + "-" + shardId(s) + String.format("-%03d", n)
                : id + String.format("-%03d", n));
      }
    }
    return ids;
  }

  String clusterStatus() {
    return status.equals(CREATE_FAILED) ? RESTORE_FAILED : status;
  }

  /** Host names exist once the group is up; a failed create never got them. */
  boolean hasEndpoints() {
    return status.equals(AVAILABLE) || status.equals(DELETING);
  }

  String endpointHost(RegionState rs) {
    return clusterEnabled
        ? ElastiCacheNames.configurationEndpoint(rs, id)
        : ElastiCacheNames.primaryEndpoint(rs, id);
  }

  ReplicationGroup toSdk(RegionState rs) {
    ReplicationGroup.Builder b =
        ReplicationGroup.builder()
            .replicationGroupId(id)
            .description(description)
            .status(status)
            .engine(engine)
            .cacheNodeType(nodeType)
            .memberClusters(memberClusters())
            .clusterEnabled(clusterEnabled)
            .clusterMode(clusterEnabled ? "enabled" : "disabled")
            .automaticFailover(nodesPerShard > 1 ? "enabled" : "disabled")
            .multiAZ(nodesPerShard > 1 ? "enabled" : "disabled")
            .snapshotRetentionLimit(retentionLimit)
            .snapshotWindow(snapshotWindow)
            .transitEncryptionEnabled(transitEncryption)
            .atRestEncryptionEnabled(atRestEncryption)
            .kmsKeyId(kmsKeyId)
            .authTokenEnabled(false)
            .arn(ElastiCacheNames.groupArn(rs, id))
            .replicationGroupCreateTime(createdAt);
    if (!hasEndpoints()) return b.build();
    Endpoint endpoint =
        Endpoint.builder().address(endpointHost(rs)).port(ElastiCacheNames.PORT).build();
    if (clusterEnabled) b.configurationEndpoint(endpoint);
    b.nodeGroups(
        IntStream.rangeClosed(1, shards)
            .mapToObj(
                s -> {
                  NodeGroup.Builder ng =
                      NodeGroup.builder()
                          .nodeGroupId(shardId(s))
                          .status(status)
                          .nodeGroupMembers(members(s));
                  if (!clusterEnabled) {
                    ng.primaryEndpoint(endpoint)
                        .readerEndpoint(
                            Endpoint.builder()
                                .address(ElastiCacheNames.readerEndpoint(rs, id))
                                .port(ElastiCacheNames.PORT)
                                .build());
                  }
                  return ng.build();
                })
            .toList());
    return b.build();
  }

  private List<NodeGroupMember> members(int shard) {
    List<String> all = memberClusters();
    return IntStream.range(0, nodesPerShard)
        .mapToObj(
            n ->
                NodeGroupMember.builder()
                    .cacheClusterId(all.get((shard - 1) * nodesPerShard + n))
                    .cacheNodeId("0001")
                    .currentRole(clusterEnabled ? null : n == 0 ? "primary" : "replica")
                    .build())
        .toList();
  }

  List<CacheCluster> cacheClusters(RegionState rs) {
    return memberClusters().stream()
        .map(
            c ->
                CacheCluster.builder()
                    .cacheClusterId(c)
                    .arn(ElastiCacheNames.clusterArn(rs, c))
                    .cacheClusterStatus(clusterStatus())
                    .replicationGroupId(id)
                    .engine(engine)
                    .engineVersion(engineVersion)
                    .cacheNodeType(nodeType)
                    .numCacheNodes(1)
                    .cacheSubnetGroupName(subnetGroup)
                    .cacheClusterCreateTime(createdAt)
                    .transitEncryptionEnabled(transitEncryption)
                    .atRestEncryptionEnabled(atRestEncryption)
                    .build())
        .toList();
  }

  ElastiCacheGroupView view(RegionState rs) {
    Map<String, String> tagMap = new LinkedHashMap<>();
    tags.forEach(t -> tagMap.put(t.key(), t.value()));
    return new ElastiCacheGroupView(
        rs.account,
        rs.region,
        id,
        status,
        hasEndpoints() ? endpointHost(rs) + ":" + ElastiCacheNames.PORT : null,
        Collections.unmodifiableMap(tagMap),
        List.copyOf(restoredFrom));
  }
}
