package dev.slipway.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeEventsResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.NodeSnapshot;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Snapshot;
import software.amazon.awssdk.services.elasticache.model.SnapshotNotFoundException;
import software.amazon.awssdk.services.elasticache.model.SourceType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * ElastiCache replication groups and backups for the staging refresh, and the S3 listing of the
 * bucket backups are exported to; every call limited, retried, metered.
 *
 * <p>Production's side is only reachable through {@link #production}, whose view can read backups
 * and events and export a backup to S3, and nothing else: the refresh holds production's role to
 * read, and the type system keeps every write that changes a replication group on staging's side.
 */
public final class ElastiCachePort {
  /** Backup states an export may start from (one export does not block another). */
  private static final Set<String> EXPORTABLE = Set.of("available", "exporting");

  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public ElastiCachePort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** Production's backups, read and exported with production's own role. */
  public ProductionBackups production(AwsTarget source) {
    return new ProductionBackups(source);
  }

  /** The replication group, or empty when ElastiCache says it does not exist. */
  public Optional<ReplicationGroup> describeGroup(AwsTarget t, String id) {
    ElastiCacheClient ec = clients.elasticache(t);
    try {
      return calls
          .call(
              t,
              "elasticache",
              "DescribeReplicationGroups",
              () -> ec.describeReplicationGroups(b -> b.replicationGroupId(id)))
          .replicationGroups()
          .stream()
          .findFirst();
    } catch (ReplicationGroupNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Tags of a resource by ARN (DescribeReplicationGroups does not return them). */
  public Map<String, String> tags(AwsTarget t, String arn) {
    ElastiCacheClient ec = clients.elasticache(t);
    Map<String, String> tags = new LinkedHashMap<>();
    calls
        .call(
            t,
            "elasticache",
            "ListTagsForResource",
            () -> ec.listTagsForResource(b -> b.resourceName(arn)))
        .tagList()
        .forEach(tag -> tags.put(tag.key(), tag.value()));
    return tags;
  }

  /** Deletes a group without a final backup: staging's data is re-created every morning. */
  public void deleteGroup(AwsTarget t, String id) {
    ElastiCacheClient ec = clients.elasticache(t);
    calls.call(
        t,
        "elasticache",
        "DeleteReplicationGroup",
        () -> ec.deleteReplicationGroup(b -> b.replicationGroupId(id)));
  }

  public ReplicationGroup createGroup(AwsTarget t, CreateReplicationGroupRequest request) {
    ElastiCacheClient ec = clients.elasticache(t);
    return calls
        .call(t, "elasticache", "CreateReplicationGroup", () -> ec.createReplicationGroup(request))
        .replicationGroup();
  }

  /** The group's events since {@code since}, oldest first. */
  public List<Event> groupEvents(AwsTarget t, String id, Instant since) {
    return events(t, id, since);
  }

  /** Keys under {@code prefix} in {@code bucket}, as the caller of {@code t} may list them. */
  public List<String> listKeys(AwsTarget t, String bucket, String prefix) {
    S3Client s3 = clients.s3(t);
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      String after = token;
      ListObjectsV2Response page =
          calls.call(
              t,
              "s3",
              "ListObjectsV2",
              () ->
                  s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(after)));
      page.contents().stream().map(S3Object::key).forEach(keys::add);
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return keys;
  }

  private List<Event> events(AwsTarget t, String id, Instant since) {
    ElastiCacheClient ec = clients.elasticache(t);
    List<Event> events = new ArrayList<>();
    String marker = null;
    do {
      String from = marker;
      DescribeEventsResponse page =
          calls.call(
              t,
              "elasticache",
              "DescribeEvents",
              () ->
                  ec.describeEvents(
                      b ->
                          b.sourceType(SourceType.REPLICATION_GROUP)
                              .sourceIdentifier(id)
                              .startTime(since)
                              .marker(from)));
      events.addAll(page.events());
      marker = page.marker();
    } while (marker != null);
    events.sort(Comparator.comparing(Event::date));
    return events;
  }

  /**
   * Production's side of the refresh, bound to production's target: reads, and the export of a
   * backup to S3 (CopySnapshot with a target bucket), the one write production's role is given.
   */
  public final class ProductionBackups {
    private final AwsTarget source;

    private ProductionBackups(AwsTarget source) {
      this.source = source;
    }

    /** Which account production's credentials reach, against the account the spec names. */
    public AccountCheck verify(AccountGuard guard) {
      return guard.verify(source);
    }

    /** The newest automated backup of the group that can be exported, if any. */
    public Optional<Snapshot> latestAutomatedBackup(String groupId) {
      ElastiCacheClient ec = clients.elasticache(source);
      List<Snapshot> all = new ArrayList<>();
      String marker = null;
      do {
        String from = marker;
        DescribeSnapshotsResponse page =
            calls.call(
                source,
                "elasticache",
                "DescribeSnapshots",
                () ->
                    ec.describeSnapshots(
                        b ->
                            b.replicationGroupId(groupId)
                                .snapshotSource("automated")
                                .marker(from)));
        all.addAll(page.snapshots());
        marker = page.marker();
      } while (marker != null);
      return all.stream()
          .filter(s -> EXPORTABLE.contains(s.snapshotStatus()))
          .max(Comparator.comparing(ElastiCachePort::createdAt));
    }

    /** A backup by name, or empty when it no longer exists. */
    public Optional<Snapshot> backup(String name) {
      ElastiCacheClient ec = clients.elasticache(source);
      try {
        return calls
            .call(
                source,
                "elasticache",
                "DescribeSnapshots",
                () -> ec.describeSnapshots(b -> b.snapshotName(name)))
            .snapshots()
            .stream()
            .findFirst();
      } catch (SnapshotNotFoundException e) {
        return Optional.empty();
      }
    }

    /**
     * Exports a backup: ElastiCache writes {@code targetName}-0001.rdb (one object per shard) to
     * the bucket, which must be in the backup's Region, owned by production and granted to
     * ElastiCache.
     */
    public void export(String backup, String targetName, String bucket) {
      ElastiCacheClient ec = clients.elasticache(source);
      calls.call(
          source,
          "elasticache",
          "CopySnapshot",
          () ->
              ec.copySnapshot(
                  b ->
                      b.sourceSnapshotName(backup)
                          .targetSnapshotName(targetName)
                          .targetBucket(bucket)));
    }

    /** Production's group events since {@code since} (an export's outcome is one). */
    public List<Event> groupEvents(String groupId, Instant since) {
      return events(source, groupId, since);
    }
  }

  /** When the backup was taken: its node snapshots' time, else the group's creation time. */
  public static Instant createdAt(Snapshot s) {
    return s.nodeSnapshots().stream()
        .map(NodeSnapshot::snapshotCreateTime)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder())
        .orElse(s.cacheClusterCreateTime() != null ? s.cacheClusterCreateTime() : Instant.EPOCH);
  }
}
