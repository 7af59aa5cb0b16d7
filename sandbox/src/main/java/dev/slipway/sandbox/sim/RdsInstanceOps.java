package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/** CreateDBInstance, DeleteDBInstance and DescribeDBInstances for Aurora cluster members. */
final class RdsInstanceOps {
  private static final Set<String> FILTERS = Set.of("db-cluster-id", "db-instance-id", "engine");

  private final RegionState rs;
  private final RdsModel m;
  private final RdsDirectory dir;

  RdsInstanceOps(RegionState rs, RdsDirectory dir) {
    this.rs = rs;
    this.m = rs.rds;
    this.dir = dir;
  }

  /** Adds an instance to a cluster; the cluster's first instance becomes its writer. */
  RdsInstance create(CreateDbInstanceRequest r) {
    if (r.dbInstanceIdentifier() == null) throw RdsErrors.missingParameter("DBInstanceIdentifier");
    if (!RdsArns.validIdentifier(r.dbInstanceIdentifier())) {
      throw RdsErrors.invalidIdentifier("DBInstanceIdentifier");
    }
    if (r.dbInstanceClass() == null) throw RdsErrors.missingParameter("DBInstanceClass");
    if (r.engine() == null) throw RdsErrors.missingParameter("Engine");
    if (!RdsEngines.supported(r.engine())) {
      throw RdsErrors.invalidParameterValue(
          "Invalid DB engine: "
              + r.engine()
              + ". The simulator models aurora-mysql and"
              + " aurora-postgresql.");
    }
    if (!r.dbInstanceClass().matches("db\\.[a-z0-9]+\\.[a-z0-9]+|db\\.serverless")) {
      throw RdsErrors.invalidParameterValue("Invalid DB Instance class: " + r.dbInstanceClass());
    }
    if (r.dbClusterIdentifier() == null) {
      throw RdsErrors.invalidParameterCombination(
          "DBClusterIdentifier is required for an instance of engine " + r.engine() + ".");
    }
    String id = RdsArns.normalize(r.dbInstanceIdentifier());
    if (m.instances.containsKey(id)) throw RdsErrors.instanceAlreadyExists();
    RdsCluster c = new RdsClusterOps(rs, dir).find(r.dbClusterIdentifier());
    if (!r.engine().equals(c.engine)) {
      throw RdsErrors.invalidParameterCombination(
          "The engine name requested for your DB instance ("
              + r.engine()
              + ") doesn't match the engine name of your DB cluster ("
              + c.engine
              + ").");
    }
    // Instances can be added only once the cluster (restored or cloned) is available.
    if (!c.isAvailable()) {
      throw RdsErrors.invalidClusterState(
          "DB cluster " + c.id + " is not in the available state (it is " + c.status + ").");
    }
    if (dir.faults.decide(AwsErrors.RDS, "InsufficientDBInstanceCapacity").error() != null) {
      throw RdsErrors.insufficientInstanceCapacity(r.dbInstanceClass());
    }
    boolean first = m.instancesOf(c.id).stream().noneMatch(i -> !i.isDeleting());
    RdsInstance i =
        new RdsInstance(
            rs.account,
            rs.region,
            id,
            c.id,
            r.dbInstanceClass(),
            c.engine,
            r.availabilityZone() != null ? r.availabilityZone() : m.nextAvailabilityZone(),
            m.resourceId("db-"),
            rs.now(),
            r.promotionTier() != null ? r.promotionTier() : 1);
    if (first) {
      // A writer still being deleted (with no reader to fail over to) hands the role over.
      m.instancesOf(c.id).forEach(o -> o.writer = false);
      i.writer = true;
    }
    i.parameterGroup =
        r.dbParameterGroupName() != null
            ? r.dbParameterGroupName()
            : RdsEngines.defaultParameterGroup(c.engine, c.engineVersion);
    i.transitionEndsAt = rs.now().plus(dir.timings.instanceCreate().sample(m.random));
    TagLists.put(i.tags, r.hasTags() ? r.tags() : List.of(), Tag::key);
    m.instances.put(id, i);
    return i;
  }

  RdsInstance delete(DeleteDbInstanceRequest r) {
    RdsInstance i = find(r.dbInstanceIdentifier());
    if (i.isDeleting()) {
      throw RdsErrors.invalidInstanceState("Instance " + i.id + " is already being deleted.");
    }
    if (!i.status.equals("available")) {
      throw RdsErrors.invalidInstanceState(
          "Instance " + i.id + " is not in available state (it is " + i.status + ").");
    }
    i.status = "deleting";
    i.transitionEndsAt = rs.now().plus(dir.timings.instanceDelete().sample(m.random));
    if (i.writer) failOver(i);
    return i;
  }

  /** Aurora promotes a reader (lowest promotion tier first) when the writer goes away. */
  private void failOver(RdsInstance writer) {
    m.instancesOf(writer.clusterId).stream()
        .filter(o -> o != writer && !o.isDeleting())
        .min(java.util.Comparator.comparingInt((RdsInstance o) -> o.promotionTier))
        .ifPresent(
            o -> {
              writer.writer = false;
              o.writer = true;
            });
  }

  RdsInstance find(String ref) {
    if (ref == null) throw RdsErrors.missingParameter("DBInstanceIdentifier");
    RdsArns.Arn arn = RdsArns.parse(ref);
    boolean local =
        arn == null
            || arn.account().equals(rs.account)
                && arn.region().equals(rs.region)
                && arn.type().equals(RdsArns.INSTANCE);
    RdsInstance i =
        local ? m.instances.get(RdsArns.normalize(arn != null ? arn.name() : ref)) : null;
    if (i == null) throw RdsErrors.instanceNotFound(ref);
    return i;
  }

  DescribeDbInstancesResponse describe(DescribeDbInstancesRequest r) {
    Map<String, Set<String>> f =
        RdsQuery.filters(r.hasFilters() ? r.filters() : List.of(), FILTERS);
    List<RdsInstance> matching =
        r.dbInstanceIdentifier() != null
            ? List.of(find(r.dbInstanceIdentifier()))
            : List.copyOf(m.instances.values());
    List<DBInstance> out =
        matching.stream()
            .filter(
                i ->
                    RdsQuery.matches(
                        f,
                        "db-cluster-id",
                        i.clusterId,
                        RdsArns.of(rs.region, rs.account, RdsArns.CLUSTER, i.clusterId)))
            .filter(i -> RdsQuery.matches(f, "db-instance-id", i.id, i.arn))
            .filter(i -> RdsQuery.matches(f, "engine", i.engine))
            .map(i -> RdsRender.instance(m, i))
            .toList();
    var page = RdsQuery.page(out, r.marker(), r.maxRecords());
    return DescribeDbInstancesResponse.builder()
        .dbInstances(page.items())
        .marker(page.nextToken())
        .build();
  }
}
