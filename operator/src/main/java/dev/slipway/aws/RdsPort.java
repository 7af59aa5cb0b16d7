package dev.slipway.aws;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.SourceType;

/** Aurora clusters and instances for the staging refresh; every call limited, retried, metered. */
public final class RdsPort {
  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public RdsPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** The cluster, or empty when RDS says it does not exist (DBClusterNotFoundFault). */
  public Optional<DBCluster> describeCluster(AwsTarget t, String identifier) {
    RdsClient rds = clients.rds(t);
    try {
      return calls
          .call(
              t,
              "rds",
              "DescribeDBClusters",
              () -> rds.describeDBClusters(b -> b.dbClusterIdentifier(identifier)))
          .dbClusters()
          .stream()
          .findFirst();
    } catch (DbClusterNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The cluster's instances (deleting ones included). */
  public List<DBInstance> describeInstances(AwsTarget t, String clusterIdentifier) {
    RdsClient rds = clients.rds(t);
    return calls
        .call(
            t,
            "rds",
            "DescribeDBInstances",
            () ->
                rds.describeDBInstances(
                    b ->
                        b.filters(
                            Filter.builder()
                                .name("db-cluster-id")
                                .values(clusterIdentifier)
                                .build())))
        .dbInstances();
  }

  public void deleteInstance(AwsTarget t, String instanceIdentifier) {
    RdsClient rds = clients.rds(t);
    calls.call(
        t,
        "rds",
        "DeleteDBInstance",
        () ->
            rds.deleteDBInstance(
                b -> b.dbInstanceIdentifier(instanceIdentifier).skipFinalSnapshot(true)));
  }

  public void deleteCluster(AwsTarget t, String identifier) {
    RdsClient rds = clients.rds(t);
    calls.call(
        t,
        "rds",
        "DeleteDBCluster",
        () -> rds.deleteDBCluster(b -> b.dbClusterIdentifier(identifier).skipFinalSnapshot(true)));
  }

  public void modifyCluster(AwsTarget t, ModifyDbClusterRequest request) {
    RdsClient rds = clients.rds(t);
    calls.call(t, "rds", "ModifyDBCluster", () -> rds.modifyDBCluster(request));
  }

  public DBCluster restoreToPointInTime(AwsTarget t, RestoreDbClusterToPointInTimeRequest request) {
    RdsClient rds = clients.rds(t);
    return calls
        .call(
            t,
            "rds",
            "RestoreDBClusterToPointInTime",
            () -> rds.restoreDBClusterToPointInTime(request))
        .dbCluster();
  }

  public DBCluster restoreFromSnapshot(AwsTarget t, RestoreDbClusterFromSnapshotRequest request) {
    RdsClient rds = clients.rds(t);
    return calls
        .call(
            t,
            "rds",
            "RestoreDBClusterFromSnapshot",
            () -> rds.restoreDBClusterFromSnapshot(request))
        .dbCluster();
  }

  public void createInstance(AwsTarget t, CreateDbInstanceRequest request) {
    RdsClient rds = clients.rds(t);
    calls.call(t, "rds", "CreateDBInstance", () -> rds.createDBInstance(request));
  }

  /** The cluster's events since {@code since}, oldest first. */
  public List<Event> clusterEvents(AwsTarget t, String identifier, Instant since) {
    RdsClient rds = clients.rds(t);
    return calls
        .call(
            t,
            "rds",
            "DescribeEvents",
            () ->
                rds.describeEvents(
                    b ->
                        b.sourceType(SourceType.DB_CLUSTER)
                            .sourceIdentifier(identifier)
                            .startTime(since)))
        .events();
  }
}
