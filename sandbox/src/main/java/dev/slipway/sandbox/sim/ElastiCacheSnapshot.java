package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.elasticache.model.NodeSnapshot;
import software.amazon.awssdk.services.elasticache.model.Snapshot;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** One backup of a replication group (automated or manual), kept after its group is deleted. */
final class ElastiCacheSnapshot {
  final String name;
  final String source;
  final Instant createdAt;
  final String groupId;
  final String description;
  final String engine;
  final String engineVersion;
  final String nodeType;
  final int shards;
  final int retentionLimit;
  final String window;
  final List<Tag> tags = new ArrayList<>();
  String status;

  ElastiCacheSnapshot(String name, String source, Instant createdAt, ElastiCacheGroup group) {
    this(
        name,
        source,
        createdAt,
        group.id,
        group.description,
        group.engine,
        group.engineVersion,
        group.nodeType,
        group.shards,
        group.retentionLimit,
        group.snapshotWindow);
  }

  private ElastiCacheSnapshot(
      String name,
      String source,
      Instant createdAt,
      String groupId,
      String description,
      String engine,
      String engineVersion,
      String nodeType,
      int shards,
      int retentionLimit,
      String window) {
    this.name = name;
    this.source = source;
    this.createdAt = createdAt;
    this.groupId = groupId;
    this.description = description;
    this.engine = engine;
    this.engineVersion = engineVersion;
    this.nodeType = nodeType;
    this.shards = shards;
    this.retentionLimit = retentionLimit;
    this.window = window;
    this.status = "available";
  }

  /** A manual copy of this backup under another name, made at {@code at}. */
  ElastiCacheSnapshot copy(String newName, Instant at) {
    return new ElastiCacheSnapshot(
        newName,
        "manual",
        at,
        groupId,
        description,
        engine,
        engineVersion,
        nodeType,
        shards,
        retentionLimit,
        window);
  }

  Snapshot toSdk(RegionState rs) {
    return Snapshot.builder()
        .snapshotName(name)
        .arn(ElastiCacheNames.snapshotArn(rs, name))
        .replicationGroupId(groupId)
        .replicationGroupDescription(description)
        .snapshotStatus(status)
        .snapshotSource(source)
        .engine(engine)
        .engineVersion(engineVersion)
        .cacheNodeType(nodeType)
        .numNodeGroups(shards)
        .port(ElastiCacheNames.PORT)
        .snapshotRetentionLimit(retentionLimit)
        .snapshotWindow(window)
        .nodeSnapshots(
            IntStream.rangeClosed(1, shards)
                .mapToObj(
                    s ->
                        NodeSnapshot.builder()
                            .nodeGroupId(ElastiCacheGroup.shardId(s))
                            .cacheSize("6 MB")
                            .snapshotCreateTime(createdAt)
                            .build())
                .toList())
        .build();
  }
}
