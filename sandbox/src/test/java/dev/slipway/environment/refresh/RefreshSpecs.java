package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.environment.refresh.RefreshScene.Chain;
import java.util.List;

/** The refresh specs {@link RefreshScene} runs: one datastore of each kind, and a post-step. */
final class RefreshSpecs {
  static final String PROD = RefreshScene.PROD;
  static final String STAGING = RefreshScene.STAGING;
  static final String REGION = RefreshScene.REGION;

  private RefreshSpecs() {}

  static RefreshSpec.Aurora fromClone() {
    RefreshSpec.Aurora a = aurora("main", "aurora-mysql", Chain.AURORA_CLONE.target);
    a.source.clusterArn = "arn:aws:rds:" + REGION + ":" + PROD + ":cluster:prod-main";
    a.upgrade = new RefreshSpec.Upgrade();
    a.upgrade.engineVersion = "8.0.mysql_aurora.3.05.2";
    return a;
  }

  static RefreshSpec.Aurora fromSnapshot() {
    RefreshSpec.Aurora a = aurora("pg", "aurora-postgresql", Chain.AURORA_SNAPSHOT.target);
    a.source.snapshotArn =
        "arn:aws:rds:" + REGION + ":" + PROD + ":cluster-snapshot:prod-pg-nightly";
    a.upgrade = new RefreshSpec.Upgrade();
    a.upgrade.engineVersion = "16.4";
    return a;
  }

  private static RefreshSpec.Aurora aurora(String name, String engine, String id) {
    RefreshSpec.Aurora a = new RefreshSpec.Aurora();
    a.name = name;
    a.engine = engine;
    a.source = new RefreshSpec.AuroraSource();
    a.target = new RefreshSpec.AuroraTarget();
    a.target.clusterIdentifier = id;
    a.target.subnetGroup = "stg-db";
    a.target.securityGroupIds = List.of("sg-0123456789abcdef0");
    a.target.instanceClass = "db.r6g.large";
    a.target.kmsKeyId = "arn:aws:kms:" + REGION + ":" + STAGING + ":key/staging";
    return a;
  }

  static RefreshSpec.ElastiCache cache() {
    RefreshSpec.ElastiCache c = new RefreshSpec.ElastiCache();
    c.name = "cache";
    c.exportBucket = RefreshScene.CACHE_BUCKET;
    c.source = new RefreshSpec.ElastiCacheSource();
    c.source.replicationGroupId = "prod-cache";
    c.source.accountId = PROD;
    c.source.roleArn = RefreshScene.CACHE_ROLE;
    c.target = new RefreshSpec.ElastiCacheTarget();
    c.target.replicationGroupId = Chain.ELASTICACHE.target;
    c.target.nodeType = "cache.t4g.medium";
    c.target.subnetGroup = "stg-cache";
    c.target.securityGroupIds = List.of("sg-0123456789abcdef0");
    return c;
  }

  static RefreshSpec.OpenSearch search() {
    RefreshSpec.OpenSearch s = new RefreshSpec.OpenSearch();
    s.name = "search";
    s.domain = Chain.OPENSEARCH.target;
    s.repository = new RefreshSpec.SnapshotRepository();
    s.repository.name = "production";
    s.repository.bucket = RefreshScene.SEARCH_BUCKET;
    s.repository.basePath = "nightly";
    s.repository.roleArn = "arn:aws:iam::" + STAGING + ":role/staging-search-snapshots";
    return s;
  }

  static RefreshSpec.PostStep mask() {
    RefreshSpec.PostStep p = new RefreshSpec.PostStep();
    p.name = "mask";
    p.service = "web";
    p.container = "app";
    p.command = List.of("sh", "-c", "bin/rails db:mask");
    return p;
  }
}
