package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshotAttribute;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshotAttributesResult;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/** Cluster snapshots: manual ones, describing (own and shared), and sharing with accounts. */
final class RdsSnapshotOps {
  private static final Set<String> FILTERS =
      Set.of("db-cluster-id", "db-cluster-snapshot-id", "snapshot-type", "engine");

  private final RegionState rs;
  private final RdsModel m;

  RdsSnapshotOps(RegionState rs) {
    this.rs = rs;
    this.m = rs.rds;
  }

  /** A manual snapshot of the cluster as it is now (the simulator makes it available at once). */
  RdsSnapshot takeManual(RdsCluster c, String requestedId) {
    return takeManual(c, requestedId, List.of());
  }

  RdsSnapshot takeManual(RdsCluster c, String requestedId, List<Tag> tags) {
    if (requestedId == null) throw RdsErrors.missingParameter("DBClusterSnapshotIdentifier");
    if (!RdsArns.validIdentifier(requestedId, 255)) {
      throw RdsErrors.invalidIdentifier("DBClusterSnapshotIdentifier");
    }
    String id = RdsArns.normalize(requestedId);
    if (m.snapshots.containsKey(id)) throw RdsErrors.snapshotAlreadyExists(id);
    RdsSnapshot s =
        new RdsSnapshot(
            rs.account,
            rs.region,
            id,
            c.id,
            RdsSnapshot.MANUAL,
            rs.now(),
            c.engine,
            c.engineVersion,
            c.port,
            c.masterUsername,
            c.storageEncrypted,
            c.kmsKeyId,
            c.createdAt,
            c.resourceId,
            tags,
            Set.of());
    m.snapshots.put(id, s);
    return s;
  }

  /**
   * @param shared snapshots other accounts shared with the caller, read beforehand; used for
   *     SnapshotType=shared, IncludeShared=true or an identifier that is another account's ARN
   */
  DescribeDbClusterSnapshotsResponse describe(
      DescribeDbClusterSnapshotsRequest r, List<RdsSnapshot> shared) {
    if (r.dbClusterIdentifier() != null && r.dbClusterSnapshotIdentifier() != null) {
      throw RdsErrors.invalidParameterCombination(
          "DBClusterIdentifier can't be used together with DBClusterSnapshotIdentifier.");
    }
    Map<String, Set<String>> f =
        RdsQuery.filters(r.hasFilters() ? r.filters() : List.of(), FILTERS);
    String type = r.snapshotType();
    boolean includeShared = Boolean.TRUE.equals(r.includeShared());
    List<RdsSnapshot> candidates = new ArrayList<>();
    if (type == null || type.equals(RdsSnapshot.AUTOMATED) || type.equals(RdsSnapshot.MANUAL)) {
      m.snapshots.values().stream()
          .filter(s -> type == null || s.type().equals(type))
          .forEach(candidates::add);
    }
    String wanted = r.dbClusterSnapshotIdentifier();
    boolean foreignArn = wanted != null && RdsArns.parse(wanted) != null && !isOwnArn(wanted);
    if ("shared".equals(type)
        || includeShared && (type == null || type.equals(RdsSnapshot.MANUAL))
        || foreignArn) {
      candidates.addAll(shared);
    }
    List<RdsSnapshot> out =
        candidates.stream()
            .filter(s -> wanted == null || names(s, wanted))
            .filter(s -> r.dbClusterIdentifier() == null || ofCluster(s, r.dbClusterIdentifier()))
            .filter(s -> RdsQuery.matches(f, "db-cluster-id", s.clusterId(), null))
            .filter(s -> RdsQuery.matches(f, "db-cluster-snapshot-id", s.id(), s.arn()))
            .filter(s -> RdsQuery.matches(f, "snapshot-type", s.type()))
            .filter(s -> RdsQuery.matches(f, "engine", s.engine()))
            .sorted(Comparator.comparing(RdsSnapshot::createdAt))
            .toList();
    if (wanted != null && out.isEmpty()) throw RdsErrors.snapshotNotFound(wanted);
    var page = RdsQuery.page(out, r.marker(), r.maxRecords());
    return DescribeDbClusterSnapshotsResponse.builder()
        .dbClusterSnapshots(
            page.items().stream().map(s -> RdsRender.snapshot(s, rs.account)).toList())
        .marker(page.nextToken())
        .build();
  }

  /**
   * ModifyDBClusterSnapshotAttribute with AttributeName "restore": the accounts allowed to restore
   * a manual snapshot. Automated snapshots cannot be shared (copy them to a manual one first).
   */
  RdsSnapshot share(String snapshotId, String attribute, List<String> add, List<String> remove) {
    if (!"restore".equals(attribute)) {
      throw RdsErrors.invalidParameterValue("Invalid attribute name: " + attribute);
    }
    RdsSnapshot s = own(snapshotId);
    if (RdsModel.isAutomated(s)) {
      throw RdsErrors.invalidSnapshotState(
          "Only manual DB cluster snapshots can be shared; copy the automated snapshot first.");
    }
    if (s.storageEncrypted() && add.contains("all")) {
      throw RdsErrors.invalidParameterValue("Encrypted snapshots can't be made public.");
    }
    if (s.storageEncrypted() && s.kmsKeyId() != null && s.kmsKeyId().endsWith("alias/aws/rds")) {
      throw RdsErrors.invalidParameterValue(
          "Snapshots encrypted with the AWS managed key aws/rds can't be shared.");
    }
    Set<String> accounts = new LinkedHashSet<>(s.sharedWith());
    accounts.addAll(add);
    remove.forEach(accounts::remove);
    RdsSnapshot shared = s.withSharedWith(accounts);
    m.snapshots.put(s.id(), shared);
    return shared;
  }

  DBClusterSnapshotAttributesResult attributes(RdsSnapshot s) {
    return DBClusterSnapshotAttributesResult.builder()
        .dbClusterSnapshotIdentifier(s.id())
        .dbClusterSnapshotAttributes(
            DBClusterSnapshotAttribute.builder()
                .attributeName("restore")
                .attributeValues(List.copyOf(s.sharedWith()))
                .build())
        .build();
  }

  /** One of the caller's own snapshots, by name or ARN. */
  RdsSnapshot own(String ref) {
    if (ref == null) throw RdsErrors.missingParameter("DBClusterSnapshotIdentifier");
    RdsArns.Arn arn = RdsArns.parse(ref);
    RdsSnapshot s =
        arn == null || isOwnArn(ref)
            ? m.snapshots.get(RdsArns.normalize(arn != null ? arn.name() : ref))
            : null;
    if (s == null) throw RdsErrors.snapshotNotFound(ref);
    return s;
  }

  private boolean isOwnArn(String ref) {
    RdsArns.Arn arn = RdsArns.parse(ref);
    return arn != null
        && arn.account().equals(rs.account)
        && arn.region().equals(rs.region)
        && arn.type().equals(RdsArns.CLUSTER_SNAPSHOT);
  }

  private boolean names(RdsSnapshot s, String ref) {
    return ref.equals(s.arn())
        || s.account().equals(rs.account) && RdsArns.normalize(ref).equals(s.id());
  }

  private static boolean ofCluster(RdsSnapshot s, String ref) {
    RdsArns.Arn arn = RdsArns.parse(ref);
    String id = RdsArns.normalize(arn != null ? arn.name() : ref);
    return s.clusterId().equals(id) && (arn == null || arn.account().equals(s.account()));
  }
}
