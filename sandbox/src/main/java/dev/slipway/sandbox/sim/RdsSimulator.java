package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceResponse;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotResponse;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterResponse;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotAttributesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotAttributesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeEventsRequest;
import software.amazon.awssdk.services.rds.model.DescribeEventsResponse;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterSnapshotAttributeRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterSnapshotAttributeResponse;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceRequest;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceResponse;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotResponse;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeResponse;

/**
 * The simulated RDS API for Aurora clusters, instances and cluster snapshots of one account and
 * Region. Reads of another account (a RAM-shared cluster, a shared snapshot) happen before the call
 * takes this account's lock; see {@link RdsDirectory}.
 *
 * <p>Besides the usual per-operation fault rules, three pseudo-operations stand for outcomes AWS
 * decides on its side (only whether their rule fires matters, not its kind):
 * "rds:InsufficientDBClusterCapacity" fails restores and clones with
 * InsufficientDBClusterCapacityFault, "rds:InsufficientDBInstanceCapacity" fails CreateDBInstance
 * with InsufficientDBInstanceCapacity, and "rds:UpgradePrecheck" makes a major version upgrade fail
 * its prechecks: the cluster returns to available on its old version with an event saying why.
 */
public final class RdsSimulator implements RdsClient {
  private final CallGate gate;
  private final RegionState rs;
  private final RdsDirectory dir;

  RdsSimulator(CallGate gate, RegionState rs, RdsDirectory dir) {
    this.gate = gate;
    this.rs = rs;
    this.dir = dir;
  }

  private <T> T call(String operation, Function<RegionState, T> body) {
    List<RdsClusterEvent> ready = new ArrayList<>();
    try {
      return gate.call(
          rs,
          AwsErrors.RDS,
          operation,
          () -> {
            try {
              rs.rds.advance(rs.now());
              return body.apply(rs);
            } finally {
              ready.addAll(rs.rds.drainAvailable());
            }
          });
    } finally {
      // Listeners run outside the lock: they may call back into the simulator.
      dir.fire(ready);
    }
  }

  @Override
  public RestoreDbClusterToPointInTimeResponse restoreDBClusterToPointInTime(
      RestoreDbClusterToPointInTimeRequest r) {
    RdsArns.Arn arn = foreign(r.sourceDBClusterIdentifier(), RdsArns.CLUSTER);
    RdsClusterSource remote = arn == null ? null : dir.sharedCluster(rs.account, arn);
    DBCluster cluster =
        call(
            "RestoreDBClusterToPointInTime",
            s ->
                RdsRender.cluster(
                    s.rds, new RdsRestoreOps(s, dir).toPointInTime(r, remote), s.now()));
    if (remote != null && cluster.cloneGroupId() != null) {
      dir.joinCloneGroup(remote, cluster.cloneGroupId());
    }
    return RestoreDbClusterToPointInTimeResponse.builder().dbCluster(cluster).build();
  }

  @Override
  public RestoreDbClusterFromSnapshotResponse restoreDBClusterFromSnapshot(
      RestoreDbClusterFromSnapshotRequest r) {
    RdsArns.Arn arn = foreign(r.snapshotIdentifier(), RdsArns.CLUSTER_SNAPSHOT);
    RdsSnapshot remote = arn == null ? null : dir.sharedSnapshot(rs.account, arn);
    DBCluster cluster =
        call(
            "RestoreDBClusterFromSnapshot",
            s ->
                RdsRender.cluster(
                    s.rds, new RdsRestoreOps(s, dir).fromSnapshot(r, remote), s.now()));
    return RestoreDbClusterFromSnapshotResponse.builder().dbCluster(cluster).build();
  }

  @Override
  public ModifyDbClusterResponse modifyDBCluster(ModifyDbClusterRequest r) {
    return call(
        "ModifyDBCluster",
        s ->
            ModifyDbClusterResponse.builder()
                .dbCluster(RdsRender.cluster(s.rds, new RdsClusterOps(s, dir).modify(r), s.now()))
                .build());
  }

  @Override
  public DeleteDbClusterResponse deleteDBCluster(DeleteDbClusterRequest r) {
    return call(
        "DeleteDBCluster",
        s ->
            DeleteDbClusterResponse.builder()
                .dbCluster(RdsRender.cluster(s.rds, new RdsClusterOps(s, dir).delete(r), s.now()))
                .build());
  }

  @Override
  public DescribeDbClustersResponse describeDBClusters(DescribeDbClustersRequest r) {
    boolean shared =
        Boolean.TRUE.equals(r.includeShared())
            || foreign(r.dbClusterIdentifier(), RdsArns.CLUSTER) != null;
    List<DBCluster> others = shared ? dir.clustersSharedWith(rs.account, rs.region) : List.of();
    return call("DescribeDBClusters", s -> new RdsClusterOps(s, dir).describe(r, others));
  }

  @Override
  public CreateDbInstanceResponse createDBInstance(CreateDbInstanceRequest r) {
    return call(
        "CreateDBInstance",
        s ->
            CreateDbInstanceResponse.builder()
                .dbInstance(RdsRender.instance(s.rds, new RdsInstanceOps(s, dir).create(r)))
                .build());
  }

  @Override
  public DeleteDbInstanceResponse deleteDBInstance(DeleteDbInstanceRequest r) {
    return call(
        "DeleteDBInstance",
        s ->
            DeleteDbInstanceResponse.builder()
                .dbInstance(RdsRender.instance(s.rds, new RdsInstanceOps(s, dir).delete(r)))
                .build());
  }

  @Override
  public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest r) {
    return call("DescribeDBInstances", s -> new RdsInstanceOps(s, dir).describe(r));
  }

  @Override
  public DescribeDbClusterSnapshotsResponse describeDBClusterSnapshots(
      DescribeDbClusterSnapshotsRequest r) {
    boolean shared =
        "shared".equals(r.snapshotType())
            || Boolean.TRUE.equals(r.includeShared())
            || foreign(r.dbClusterSnapshotIdentifier(), RdsArns.CLUSTER_SNAPSHOT) != null;
    List<RdsSnapshot> others = shared ? dir.snapshotsSharedWith(rs.account, rs.region) : List.of();
    return call("DescribeDBClusterSnapshots", s -> new RdsSnapshotOps(s).describe(r, others));
  }

  @Override
  public CreateDbClusterSnapshotResponse createDBClusterSnapshot(CreateDbClusterSnapshotRequest r) {
    return call(
        "CreateDBClusterSnapshot",
        s -> {
          RdsCluster c = new RdsClusterOps(s, dir).find(r.dbClusterIdentifier());
          if (!c.isAvailable()) {
            throw RdsErrors.invalidClusterState(
                "DB cluster " + c.id + " is not in the available state (it is " + c.status + ").");
          }
          RdsSnapshot snap =
              new RdsSnapshotOps(s)
                  .takeManual(
                      c, r.dbClusterSnapshotIdentifier(), r.hasTags() ? r.tags() : List.of());
          return CreateDbClusterSnapshotResponse.builder()
              .dbClusterSnapshot(RdsRender.snapshot(snap, s.account))
              .build();
        });
  }

  @Override
  public ModifyDbClusterSnapshotAttributeResponse modifyDBClusterSnapshotAttribute(
      ModifyDbClusterSnapshotAttributeRequest r) {
    return call(
        "ModifyDBClusterSnapshotAttribute",
        s -> {
          RdsSnapshotOps ops = new RdsSnapshotOps(s);
          RdsSnapshot snap =
              ops.share(
                  r.dbClusterSnapshotIdentifier(),
                  r.attributeName(),
                  r.hasValuesToAdd() ? r.valuesToAdd() : List.of(),
                  r.hasValuesToRemove() ? r.valuesToRemove() : List.of());
          return ModifyDbClusterSnapshotAttributeResponse.builder()
              .dbClusterSnapshotAttributesResult(ops.attributes(snap))
              .build();
        });
  }

  @Override
  public DescribeDbClusterSnapshotAttributesResponse describeDBClusterSnapshotAttributes(
      DescribeDbClusterSnapshotAttributesRequest r) {
    return call(
        "DescribeDBClusterSnapshotAttributes",
        s -> {
          RdsSnapshotOps ops = new RdsSnapshotOps(s);
          return DescribeDbClusterSnapshotAttributesResponse.builder()
              .dbClusterSnapshotAttributesResult(
                  ops.attributes(ops.own(r.dbClusterSnapshotIdentifier())))
              .build();
        });
  }

  @Override
  public DescribeEventsResponse describeEvents(DescribeEventsRequest r) {
    return call("DescribeEvents", s -> new RdsEventOps(s).describe(r));
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) {
    return call(
        "ListTagsForResource",
        s ->
            ListTagsForResourceResponse.builder()
                .tagList(new RdsTagOps(s).list(r.resourceName()))
                .build());
  }

  @Override
  public AddTagsToResourceResponse addTagsToResource(AddTagsToResourceRequest r) {
    return call(
        "AddTagsToResource",
        s -> {
          new RdsTagOps(s).add(r.resourceName(), r.hasTags() ? r.tags() : List.of());
          return AddTagsToResourceResponse.builder().build();
        });
  }

  @Override
  public RemoveTagsFromResourceResponse removeTagsFromResource(RemoveTagsFromResourceRequest r) {
    return call(
        "RemoveTagsFromResource",
        s -> {
          new RdsTagOps(s).remove(r.resourceName(), r.hasTagKeys() ? r.tagKeys() : List.of());
          return RemoveTagsFromResourceResponse.builder().build();
        });
  }

  /** The ARN in {@code ref} when it names a resource of this type in another account. */
  private RdsArns.Arn foreign(String ref, String type) {
    RdsArns.Arn arn = RdsArns.parse(ref);
    // Clones and restores stay within a Region, so another Region's ARN is simply not found.
    return arn != null
            && arn.type().equals(type)
            && arn.region().equals(rs.region)
            && !arn.account().equals(rs.account)
        ? arn
        : null;
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
