package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The static wrong-target guard and the shape rules of refresh.elasticache. */
class ElastiCacheRefreshValidatorTest {
  static final String PROD = "111111111111";

  @Test
  void aRefreshOfElastiCacheAloneIsValid() {
    assertThat(EnvironmentValidator.validate(withCache(c -> {}))).isEmpty();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            withCache(
                c -> {
                  c.source.accountId = "123456789012";
                  c.source.roleArn = "arn:aws:iam::123456789012:role/reader";
                  c.source.replicationGroupId = "stg-cache";
                }),
            "the target group is the source group"),
        Arguments.of(
            withCache(c -> c.source.roleArn = "arn:aws:iam::123456789012:role/reader"),
            "source.roleArn: in account 123456789012, not source.accountId " + PROD),
        Arguments.of(withCache(c -> c.exportBucket = null), "exportBucket: required"),
        Arguments.of(withCache(c -> c.source.roleArn = null), "roleArn are required"),
        Arguments.of(
            withCache(
                c -> {
                  c.target.numCacheClusters = 2;
                  c.target.shards = 2;
                }),
            "numCacheClusters and shards exclude each other"),
        Arguments.of(
            with(
                r -> {
                  r.elasticache = List.of(cache("main"), cache("main"));
                  r.elasticache.get(1).target.replicationGroupId = "stg-other";
                }),
            "refresh.elasticache[1].name: required and unique across aurora and elasticache"),
        Arguments.of(
            with(r -> r.elasticache = List.of(cache("a"), cache("b"))),
            "refresh.elasticache[1].target.replicationGroupId: two datastores re-create the same"),
        Arguments.of(with(r -> r.elasticache = List.of()), "at least one datastore"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void reportsEachProblem(StagingEnvironmentSpec spec, String expected) {
    assertThat(String.join("\n", EnvironmentValidator.validate(spec))).contains(expected);
  }

  static RefreshSpec.ElastiCache cache(String name) {
    RefreshSpec.ElastiCache c = new RefreshSpec.ElastiCache();
    c.name = name;
    c.exportBucket = "prod-cache-exports";
    c.source = new RefreshSpec.ElastiCacheSource();
    c.source.replicationGroupId = "prod-cache";
    c.source.accountId = PROD;
    c.source.roleArn = "arn:aws:iam::" + PROD + ":role/slipway-refresh-source";
    c.target = new RefreshSpec.ElastiCacheTarget();
    c.target.replicationGroupId = "stg-cache";
    c.target.nodeType = "cache.t4g.medium";
    c.target.subnetGroup = "stg-cache";
    return c;
  }

  static StagingEnvironmentSpec withCache(Consumer<RefreshSpec.ElastiCache> change) {
    RefreshSpec.ElastiCache c = cache("cache");
    change.accept(c);
    return with(r -> r.elasticache = List.of(c));
  }

  static StagingEnvironmentSpec with(Consumer<RefreshSpec> change) {
    StagingEnvironmentSpec s = EnvironmentValidatorTest.validShared();
    s.refresh = new RefreshSpec();
    change.accept(s.refresh);
    return s;
  }
}
