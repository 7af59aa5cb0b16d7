package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.ElastiCacheFixture.ACCOUNT;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.BUCKET;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.REGION;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.InvalidArnException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.elasticache.model.InvalidParameterValueException;
import software.amazon.awssdk.services.elasticache.model.Tag;
import software.amazon.awssdk.services.elasticache.model.TagNotFoundException;

/** ElastiCache request validation, tagging, paging, faults and deterministic durations. */
class ElastiCacheApiTest {
  private final ElastiCacheFixture f = new ElastiCacheFixture();

  @Test
  void tagsRoundTripOnAReplicationGroupArn() {
    String arn =
        f.ec
            .createReplicationGroup(
                r ->
                    r.replicationGroupId("Tagged")
                        .replicationGroupDescription("tags")
                        .cacheNodeType("cache.t4g.micro")
                        .tags(Tag.builder().key("slipway.dev/owner").value("stage/a").build()))
            .replicationGroup()
            .arn();
    assertThat(arn)
        .isEqualTo("arn:aws:elasticache:ap-northeast-1:111122223333:replicationgroup:tagged");
    f.ec.addTagsToResource(
        r ->
            r.resourceName(arn)
                .tags(
                    Tag.builder().key("slipway.dev/owner").value("stage/b").build(),
                    Tag.builder().key("env").value("staging").build()));
    assertThat(f.ec.listTagsForResource(r -> r.resourceName(arn)).tagList())
        .extracting(Tag::key, Tag::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("slipway.dev/owner", "stage/b"),
            org.assertj.core.groups.Tuple.tuple("env", "staging"));
    assertThat(f.ec.removeTagsFromResource(r -> r.resourceName(arn).tagKeys("env")).tagList())
        .extracting(Tag::key)
        .containsExactly("slipway.dev/owner");
    assertThat(f.sim.replicationGroups(ACCOUNT, REGION).get(0).tags())
        .containsEntry("slipway.dev/owner", "stage/b")
        .hasSize(1);

    assertThatThrownBy(() -> f.ec.removeTagsFromResource(r -> r.resourceName(arn).tagKeys("env")))
        .isInstanceOf(TagNotFoundException.class);
    assertThatThrownBy(() -> f.ec.listTagsForResource(r -> r.resourceName("tagged")))
        .isInstanceOfSatisfying(
            InvalidArnException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidARN"));
  }

  @Test
  void describeReplicationGroupsPagesWithMaxRecordsAndMarker() {
    for (int i = 0; i < 25; i++) {
      String id = String.format("group-%02d", i);
      f.ec.createReplicationGroup(
          r ->
              r.replicationGroupId(id)
                  .replicationGroupDescription(id)
                  .cacheNodeType("cache.t4g.micro"));
    }
    var first = f.ec.describeReplicationGroups(r -> r.maxRecords(20));
    assertThat(first.replicationGroups()).hasSize(20);
    assertThat(first.marker()).isNotNull();
    var second = f.ec.describeReplicationGroups(r -> r.maxRecords(20).marker(first.marker()));
    assertThat(second.replicationGroups())
        .extracting(g -> g.replicationGroupId())
        .containsExactly("group-20", "group-21", "group-22", "group-23", "group-24");
    assertThat(second.marker()).isNull();
    assertThat(f.ec.describeReplicationGroupsPaginator(r -> r.maxRecords(20)).replicationGroups())
        .hasSize(25);
    assertThatThrownBy(() -> f.ec.describeReplicationGroups(r -> r.maxRecords(10)))
        .isInstanceOf(InvalidParameterValueException.class);
  }

  @Test
  void clusterModeRestoreFromRdbNeedsSlots() {
    assertThatThrownBy(
            () ->
                f.ec.createReplicationGroup(
                    r ->
                        r.replicationGroupId("sharded")
                            .replicationGroupDescription("sharded")
                            .cacheNodeType("cache.t4g.small")
                            .numNodeGroups(2)
                            .snapshotArns(arn(BUCKET, "x-0001.rdb"), arn(BUCKET, "x-0002.rdb"))))
        .isInstanceOf(InvalidParameterCombinationException.class)
        .hasMessageContaining("Slots must be provided");
    assertThatThrownBy(() -> f.createFromRdb("bad", "s3://bucket/key.rdb"))
        .isInstanceOf(InvalidParameterValueException.class);
  }

  @Test
  void durationsAreDeterministicFromTheSeed() {
    assertThat(minutesUntilAvailable(new ElastiCacheFixture(3)))
        .isEqualTo(minutesUntilAvailable(new ElastiCacheFixture(3)))
        .isBetween(6, 31);
  }

  @Test
  void injectedFaultsFailAnyOperation() {
    f.sim
        .faults()
        .set(
            "elasticache:DescribeReplicationGroups",
            FaultRule.errors(1, FaultKind.SERVICE_UNAVAILABLE));
    assertThatThrownBy(() -> f.ec.describeReplicationGroups())
        .isInstanceOfSatisfying(
            ElastiCacheException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    f.sim.faults().set("elasticache:DescribeEvents", FaultRule.errors(1, FaultKind.THROTTLING));
    assertThatThrownBy(() -> f.ec.describeEvents(r -> r.duration(60)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.isThrottlingException()).isTrue();
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
            });
  }

  private static int minutesUntilAvailable(ElastiCacheFixture fx) {
    fx.sim.createBucket(ACCOUNT, REGION, BUCKET, S3BucketAccess.exportTarget());
    fx.putRdb(BUCKET, "a.rdb");
    fx.createFromRdb("stg", arn(BUCKET, "a.rdb"));
    for (int minute = 1; minute <= 31; minute++) {
      fx.advance(Duration.ofMinutes(1));
      if (fx.describe("stg").status().equals("available")) return minute;
    }
    return -1;
  }
}
