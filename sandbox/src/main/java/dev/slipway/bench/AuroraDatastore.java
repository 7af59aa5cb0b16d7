package dev.slipway.bench;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.RdsClusterInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An Aurora cluster of staging re-created from production: a clone of a cluster shared through RAM
 * (optionally upgraded right after, the rehearsal), or a restore of a shared snapshot.
 *
 * @param upgradeTo engine version of the upgrade rehearsal, or null
 * @param readers readers besides the writer
 */
record AuroraDatastore(
    String name,
    String engine,
    String version,
    String production,
    boolean cloned,
    String upgradeTo,
    String target,
    int readers)
    implements RefreshDatastore {

  /** Production's account, where the sources live. */
  static final String PRODUCTION = "111111111111";

  private static final String DESCRIBE_CLUSTERS = "rds:DescribeDBClusters";
  private static final String DESCRIBE_INSTANCES = "rds:DescribeDBInstances";

  @Override
  public String describe() {
    String how =
        cloned
            ? "clone of RAM-shared cluster " + production
            : "restore of shared snapshot " + snapshot();
    String upgrade = upgradeTo == null ? "" : ", upgrade rehearsal to " + upgradeTo;
    return String.format(
        "%s: %s (%s %s)%s into %s, writer + %d readers",
        name, how, engine, version, upgrade, target, readers);
  }

  @Override
  public Set<String> services() {
    return Set.of("rds");
  }

  private String snapshot() {
    return production + "-nightly";
  }

  @Override
  public void seedProduction(AwsSimulator aws) {
    aws.seedAuroraCluster(PRODUCTION, Sandbox.REGION, production, engine, version);
    if (cloned) {
      aws.shareClusterWith(PRODUCTION, Sandbox.REGION, production, Sandbox.ACCOUNT);
    } else {
      aws.seedClusterSnapshot(PRODUCTION, Sandbox.REGION, production, snapshot());
      aws.shareSnapshotWith(PRODUCTION, Sandbox.REGION, snapshot(), Sandbox.ACCOUNT);
    }
  }

  @Override
  public void addTo(RefreshSpec spec) {
    RefreshSpec.Aurora a = new RefreshSpec.Aurora();
    a.name = name;
    a.engine = engine;
    a.source = new RefreshSpec.AuroraSource();
    String arn = "arn:aws:rds:" + Sandbox.REGION + ":" + PRODUCTION;
    if (cloned) a.source.clusterArn = arn + ":cluster:" + production;
    else a.source.snapshotArn = arn + ":cluster-snapshot:" + snapshot();
    a.target = new RefreshSpec.AuroraTarget();
    a.target.clusterIdentifier = target;
    a.target.subnetGroup = "stg-db";
    a.target.securityGroupIds = List.of("sg-0123456789abcdef0");
    a.target.instanceClass = "db.r6g.large";
    a.target.readers = readers;
    // Production's data is encrypted with production's key: staging re-encrypts with its own.
    a.target.kmsKeyId = "arn:aws:kms:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":key/staging";
    if (upgradeTo != null) {
      a.upgrade = new RefreshSpec.Upgrade();
      a.upgrade.engineVersion = upgradeTo;
    }
    if (spec.aurora == null) spec.aurora = new ArrayList<>();
    spec.aurora.add(a);
  }

  @Override
  public boolean exists(AwsSimulator aws) {
    return existing(aws).isPresent();
  }

  @Override
  public CallFloor minimum(AwsSimulator aws) {
    return floor(existing(aws));
  }

  private Optional<RdsClusterInfo> existing(AwsSimulator aws) {
    return aws.rdsClusters(Sandbox.ACCOUNT, Sandbox.REGION).stream()
        .filter(c -> c.id().equalsIgnoreCase(target))
        .findFirst();
  }

  /**
   * The writes that make the change, and one look per step of the Aurora workflow plus one more for
   * a step that must see a change it (or the step before, in the same pass) started: the reads of a
   * refresh whose every wait is answered on its first look again. Mirrors {@code AuroraSteps}.
   */
  CallFloor floor(Optional<RdsClusterInfo> existing) {
    Map<String, Long> w = new HashMap<>();
    Map<String, Long> r = new HashMap<>();
    // checkSource: a clone reads production's cluster; a snapshot is only named.
    if (cloned) add(r, DESCRIBE_CLUSTERS, 1);
    if (existing.isPresent()) {
      long live =
          existing.get().members().stream().filter(m -> !"deleting".equals(m.status())).count();
      // deleteInstances: looks, deletes, looks again to see none left.
      add(w, "rds:DeleteDBInstance", live);
      add(r, DESCRIBE_CLUSTERS, live > 0 ? 2 : 1);
      add(r, DESCRIBE_INSTANCES, live > 0 ? 2 : 1);
      // deleteCluster: protection off first (then a look again), then the delete.
      boolean protectedCluster = existing.get().deletionProtection();
      add(w, "rds:ModifyDBCluster", protectedCluster ? 1 : 0);
      add(w, "rds:DeleteDBCluster", 1);
      add(r, DESCRIBE_CLUSTERS, protectedCluster ? 2 : 1);
      // awaitIdentifierFree: sees it deleting, then gone.
      add(r, DESCRIBE_CLUSTERS, 2);
    } else {
      // deleteInstances, deleteCluster and awaitIdentifierFree each find nothing.
      add(r, DESCRIBE_CLUSTERS, 3);
    }
    // restore: looks (a retried restore finds its own cluster), then restores.
    add(r, DESCRIBE_CLUSTERS, 1);
    add(w, cloned ? "rds:RestoreDBClusterToPointInTime" : "rds:RestoreDBClusterFromSnapshot", 1);
    // awaitCluster: sees it creating, then available.
    add(r, DESCRIBE_CLUSTERS, 2);
    if (cloned && upgradeTo != null) {
      // upgrade: asks on the first look, sees the new version on the next.
      add(w, "rds:ModifyDBCluster", 1);
      add(r, DESCRIBE_CLUSTERS, 2);
    }
    // createInstances, then awaitInstances sees them creating, then available.
    add(w, "rds:CreateDBInstance", 1 + readers);
    add(r, DESCRIBE_INSTANCES, 1 + 2);
    w.values().removeIf(v -> v == 0);
    return new CallFloor(w, r);
  }

  private static void add(Map<String, Long> m, String key, long n) {
    m.merge(key, n, Long::sum);
  }
}
