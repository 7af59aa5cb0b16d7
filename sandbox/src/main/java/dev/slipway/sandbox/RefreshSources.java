package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.sandbox.sim.AwsSimulator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a refresh example needs that a real account would already have: production's Aurora clusters
 * and snapshots in their account, shared with the environment's account; and, behind the restored
 * cluster's endpoint, the machine's MariaDB or PostgreSQL, re-loaded by {@link RestoredDatabase}
 * when a restore completes so branch schemas really go and come back.
 */
final class RefreshSources {
  private final AwsSimulator aws;
  private final Map<String, RestoredDatabase> standIns = new ConcurrentHashMap<>();

  RefreshSources(AwsSimulator aws) {
    this.aws = aws;
    aws.onClusterAvailable(
        e -> {
          RestoredDatabase db = standIns.get(e.account() + "/" + e.clusterId());
          if (db != null) db.reload();
        });
  }

  /** Seeds and shares each source of the environment's refresh; registers the stand-ins. */
  void seed(StagingEnvironment env) {
    StagingEnvironmentSpec spec = env.getSpec();
    if (spec.refresh.aurora == null) return;
    for (RefreshSpec.Aurora a : spec.refresh.aurora) {
      if (a.source == null || a.target == null) continue;
      String arn = a.source.clusterArn != null ? a.source.clusterArn : a.source.snapshotArn;
      String[] parts = arn.split(":");
      if (parts.length < 7) continue;
      String account = parts[4];
      String region = parts[3];
      String version = a.engine.equals("aurora-postgresql") ? "13.12" : "5.7.mysql_aurora.2.11.2";
      if (a.source.clusterArn != null) {
        aws.seedAuroraCluster(account, region, parts[6], a.engine, version);
        aws.shareClusterWith(account, region, parts[6], spec.aws.accountId);
      } else {
        String cluster = parts[6] + "-source";
        aws.seedAuroraCluster(account, region, cluster, a.engine, version);
        aws.seedClusterSnapshot(account, region, cluster, parts[6]);
        aws.shareSnapshotWith(account, region, parts[6], spec.aws.accountId);
      }
      standIns.put(spec.aws.accountId + "/" + a.target.clusterIdentifier, standIn(env, a));
    }
  }

  /**
   * The local server of the environment's branch database (MariaDB unless it says PostgreSQL), for
   * the schemas its branch pattern makes; without one, only the fixture is loaded.
   */
  private static RestoredDatabase standIn(StagingEnvironment env, RefreshSpec.Aurora a) {
    BranchPolicy.Database db =
        env.getSpec().branches == null ? null : env.getSpec().branches.database;
    String prefix = env.getMetadata().getName().replace('-', '_') + "_";
    if (db != null) {
      String pattern = db.schemaName == null ? "qa_{branch}" : db.schemaName;
      int at = pattern.indexOf('{');
      if (at > 0) prefix = pattern.substring(0, at);
    }
    boolean postgres =
        a.engine.equals("aurora-postgresql")
            || (db != null && db.engine == BranchPolicy.Database.Engine.postgresql);
    String database = db != null && db.database != null ? db.database : "postgres";
    return postgres ? RestoredDatabase.postgres(database, prefix) : RestoredDatabase.mysql(prefix);
  }
}
