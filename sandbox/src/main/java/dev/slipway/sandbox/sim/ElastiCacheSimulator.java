package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.elasticache.model.AddTagsToResourceResponse;
import software.amazon.awssdk.services.elasticache.model.CopySnapshotRequest;
import software.amazon.awssdk.services.elasticache.model.CopySnapshotResponse;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupResponse;
import software.amazon.awssdk.services.elasticache.model.DeleteReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DeleteReplicationGroupResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeEventsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeEventsResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.elasticache.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.elasticache.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.elasticache.model.RemoveTagsFromResourceRequest;
import software.amazon.awssdk.services.elasticache.model.RemoveTagsFromResourceResponse;

/**
 * The simulated ElastiCache API (Redis OSS and Valkey replication groups, their backups, exports to
 * S3 and restores from .rdb files in S3). Every call goes through the gate (throttling, faults),
 * brings the Region's ElastiCache up to the clock, and tells availability listeners afterwards.
 */
public final class ElastiCacheSimulator implements ElastiCacheClient {
  private final CallGate gate;
  private final RegionState rs;
  private final ElastiCacheContext ctx;
  private final ElastiCacheGroupOps groups;
  private final ElastiCacheSnapshotOps snapshots;
  private final ElastiCacheTagOps tags;

  ElastiCacheSimulator(CallGate gate, RegionState rs, ElastiCacheContext ctx) {
    this.gate = gate;
    this.rs = rs;
    this.ctx = ctx;
    this.groups = new ElastiCacheGroupOps(rs, ctx);
    this.snapshots = new ElastiCacheSnapshotOps(rs, ctx);
    this.tags = new ElastiCacheTagOps(rs);
  }

  private <T> T call(String operation, Supplier<T> body) {
    try {
      return gate.call(
          rs,
          AwsErrors.ELASTICACHE,
          operation,
          () -> {
            ElastiCacheLifecycle.advance(rs, ctx);
            return body.get();
          });
    } finally {
      ctx.fire(rs);
    }
  }

  /** ElastiCache's MaxRecords/Marker paging: MaxRecords between 20 and {@code max}. */
  static <T> Pagination.Page<T> page(List<T> all, String marker, Integer maxRecords, int max) {
    if (maxRecords != null && (maxRecords < 20 || maxRecords > max)) {
      throw ElastiCacheErrors.invalidValue("MaxRecords must be between 20 and " + max + ".");
    }
    return Pagination.page(all, marker, maxRecords, max, max, ElastiCacheErrors::invalidValue);
  }

  @Override
  public CreateReplicationGroupResponse createReplicationGroup(CreateReplicationGroupRequest r) {
    return call(
        "CreateReplicationGroup",
        () -> CreateReplicationGroupResponse.builder().replicationGroup(groups.create(r)).build());
  }

  @Override
  public DescribeReplicationGroupsResponse describeReplicationGroups(
      DescribeReplicationGroupsRequest r) {
    return call("DescribeReplicationGroups", () -> groups.describe(r));
  }

  @Override
  public DeleteReplicationGroupResponse deleteReplicationGroup(DeleteReplicationGroupRequest r) {
    return call(
        "DeleteReplicationGroup",
        () -> DeleteReplicationGroupResponse.builder().replicationGroup(groups.delete(r)).build());
  }

  @Override
  public DescribeCacheClustersResponse describeCacheClusters(DescribeCacheClustersRequest r) {
    return call("DescribeCacheClusters", () -> groups.describeClusters(r));
  }

  @Override
  public DescribeSnapshotsResponse describeSnapshots(DescribeSnapshotsRequest r) {
    return call("DescribeSnapshots", () -> snapshots.describe(r));
  }

  @Override
  public CopySnapshotResponse copySnapshot(CopySnapshotRequest r) {
    return call(
        "CopySnapshot", () -> CopySnapshotResponse.builder().snapshot(snapshots.copy(r)).build());
  }

  @Override
  public DescribeEventsResponse describeEvents(DescribeEventsRequest r) {
    return call("DescribeEvents", () -> ElastiCacheEvents.describe(rs, r));
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) {
    return call(
        "ListTagsForResource",
        () -> ListTagsForResourceResponse.builder().tagList(tags.list(r.resourceName())).build());
  }

  @Override
  public AddTagsToResourceResponse addTagsToResource(AddTagsToResourceRequest r) {
    return call(
        "AddTagsToResource",
        () ->
            AddTagsToResourceResponse.builder()
                .tagList(tags.add(r.resourceName(), r.tags()))
                .build());
  }

  @Override
  public RemoveTagsFromResourceResponse removeTagsFromResource(RemoveTagsFromResourceRequest r) {
    return call(
        "RemoveTagsFromResource",
        () ->
            RemoveTagsFromResourceResponse.builder()
                .tagList(tags.remove(r.resourceName(), r.tagKeys()))
                .build());
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Views on simulator state hold nothing to release.
  }
}
