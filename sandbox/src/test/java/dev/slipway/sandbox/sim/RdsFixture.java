package dev.slipway.sandbox.sim;

import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Shared setup for the RDS simulator tests: production in one account, staging in another (the
 * default account), a manual clock and default (minutes-long) Aurora timings.
 */
class RdsFixture {
  static final String STAGING = "111122223333";
  static final String PROD = "444455556666";
  static final String REGION = "eu-west-1";
  static final String MYSQL_3 = "8.0.mysql_aurora.3.05.2";
  static final String MYSQL_2 = "5.7.mysql_aurora.2.11.2";

  final SimClock clock = SimClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
  final AwsSimulator sim;
  final RdsClient staging;
  final RdsClient prod;
  final List<RdsClusterEvent> available = new CopyOnWriteArrayList<>();

  RdsFixture() {
    this(false);
  }

  RdsFixture(boolean throttling) {
    sim =
        AwsSimulator.builder()
            .clock(clock)
            .defaultAccountId(STAGING)
            .throttling(throttling)
            .seed(7)
            .build();
    staging = sim.rds(new AwsTarget(STAGING, REGION, null));
    prod = sim.rds(new AwsTarget(PROD, REGION, "arn:aws:iam::" + PROD + ":role/slipway"));
    sim.onClusterAvailable(available::add);
  }

  String seedProd(String id, String engine, String version) {
    return sim.seedAuroraCluster(PROD, REGION, id, engine, version);
  }

  /** A clone of a production cluster into staging, by ARN, as the morning refresh makes it. */
  DBCluster cloneInto(String id, String sourceArn, Tag... tags) {
    return staging
        .restoreDBClusterToPointInTime(
            r ->
                r.dbClusterIdentifier(id)
                    .sourceDBClusterIdentifier(sourceArn)
                    .restoreType("copy-on-write")
                    .useLatestRestorableTime(true)
                    .kmsKeyId("alias/staging")
                    .tags(tags))
        .dbCluster();
  }

  DBCluster cluster(RdsClient rds, String id) {
    return rds.describeDBClusters(r -> r.dbClusterIdentifier(id)).dbClusters().get(0);
  }

  DBCluster cluster(String id) {
    return cluster(staging, id);
  }

  DBInstance instance(String id) {
    return staging.describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances().get(0);
  }

  DBInstance addInstance(String clusterId, String instanceId, String engine) {
    return staging
        .createDBInstance(
            r ->
                r.dbClusterIdentifier(clusterId)
                    .dbInstanceIdentifier(instanceId)
                    .dbInstanceClass("db.r6g.large")
                    .engine(engine))
        .dbInstance();
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  /** Advances minute by minute until the cluster has the status, or fails after {@code max}. */
  Duration waitFor(String id, String status, Duration max) {
    Duration waited = Duration.ZERO;
    while (!cluster(id).status().equals(status)) {
      if (waited.compareTo(max) >= 0) {
        throw new AssertionError(id + " still " + cluster(id).status() + " after " + max);
      }
      advance(Duration.ofMinutes(1));
      waited = waited.plusMinutes(1);
    }
    return waited;
  }

  static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
