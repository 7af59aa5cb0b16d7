package dev.slipway.sandbox.sim;

import dev.slipway.aws.AwsTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.Snapshot;
import software.amazon.awssdk.services.s3.S3Client;

/** Shared setup for the ElastiCache and S3 simulator tests: a manual clock, no throttling. */
class ElastiCacheFixture {
  static final String ACCOUNT = "111122223333";
  static final String REGION = "ap-northeast-1";
  static final String PROD = "bookmark-prod";
  static final String BUCKET = "bookmark-redis-exports";

  final SimClock clock = SimClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
  final AwsSimulator sim;
  final AwsTarget target = new AwsTarget(ACCOUNT, REGION, null);
  final ElastiCacheClient ec;
  final S3Client s3;

  ElastiCacheFixture() {
    this(7);
  }

  ElastiCacheFixture(long seed) {
    sim =
        AwsSimulator.builder()
            .clock(clock)
            .defaultAccountId(ACCOUNT)
            .throttling(false)
            .seed(seed)
            .build();
    ec = sim.elasticache(target);
    s3 = sim.s3(target);
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  ReplicationGroup describe(String id) {
    return ec.describeReplicationGroups(r -> r.replicationGroupId(id)).replicationGroups().get(0);
  }

  /** The newest automated backup of a group. */
  Snapshot latestBackup(String groupId) {
    List<Snapshot> all =
        ec.describeSnapshots(r -> r.replicationGroupId(groupId).snapshotSource("automated"))
            .snapshots();
    return all.get(all.size() - 1);
  }

  /** Puts a small file that starts like an RDB file. */
  void putRdb(String bucket, String key) {
    sim.putObject(bucket, key, "REDIS0011 test data".getBytes(StandardCharsets.US_ASCII));
  }

  static String arn(String bucket, String key) {
    return "arn:aws:s3:::" + bucket + "/" + key;
  }

  /** Creates a one-node group seeded from .rdb files in S3. */
  ReplicationGroup createFromRdb(String id, String... arns) {
    return ec.createReplicationGroup(
            r ->
                r.replicationGroupId(id)
                    .replicationGroupDescription("staging " + id)
                    .engine("redis")
                    .engineVersion("7.1")
                    .cacheNodeType("cache.t4g.small")
                    .numCacheClusters(1)
                    .snapshotArns(arns))
        .replicationGroup();
  }
}
