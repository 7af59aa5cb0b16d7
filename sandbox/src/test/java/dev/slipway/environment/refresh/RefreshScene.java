package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.ElastiCachePort;
import dev.slipway.aws.OpenSearchDomainPort;
import dev.slipway.aws.RdsPort;
import dev.slipway.release.Releases;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.CallStats;
import dev.slipway.sandbox.sim.OpenSearchIndexInfo;
import dev.slipway.sandbox.sim.OpenSearchTimings;
import dev.slipway.sandbox.sim.S3BucketAccess;
import dev.slipway.sandbox.sim.SimClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.groups.Tuple;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * One kind of refresh chain on the AWS simulator with a manual clock, wired as the operator wires
 * it but with one attempt per AWS call, so an injected failure reaches the workflow: what the chain
 * needs seeded, its steps, the call that makes its datastore and what must be left at the end.
 */
final class RefreshScene implements AutoCloseable {
  static final String STAGING = "123456789012";
  static final String PROD = "111111111111";
  static final String REGION = "ap-northeast-1";
  static final String CACHE_ROLE = "arn:aws:iam::" + PROD + ":role/slipway-refresh-source";
  static final String CACHE_BUCKET = "prod-cache-exports";
  static final String SEARCH_BUCKET = "prod-search-snapshots";
  static final int MAX_PASSES = 300;

  /** The kinds of chain a refresh runs. */
  enum Chain {
    AURORA_CLONE("stg-main", "restore", "rds:RestoreDBClusterToPointInTime"),
    AURORA_SNAPSHOT("stg-pg", "restore", "rds:RestoreDBClusterFromSnapshot"),
    ELASTICACHE("stg-cache", "createGroup", "elasticache:CreateReplicationGroup"),
    OPENSEARCH("stg-search", "restore", "es:RestoreSnapshot"),
    POST("core", "run:mask", "ecs:RunTask");

    /** The staging cluster, group, domain or ECS cluster the chain works on. */
    final String target;

    /** The step that makes the chain's datastore (or starts its task). */
    final String createStep;

    /** That step's call, as "service:Operation". */
    final String createCall;

    Chain(String target, String createStep, String createCall) {
      this.target = target;
      this.createStep = createStep;
      this.createCall = createCall;
    }

    /** Chains whose delete steps only act on what an earlier run made. */
    boolean needsYesterday() {
      return this == AURORA_CLONE || this == AURORA_SNAPSHOT || this == ELASTICACHE;
    }
  }

  final Chain chain;
  final SimClock clock = SimClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
  // No server-side throttling: a call fails only where a test injects a fault. Fast restores: how
  // long indices take to recover does not matter here, and every look at a domain is an HTTP call.
  final AwsSimulator sim =
      AwsSimulator.builder()
          .clock(clock)
          .defaultAccountId(STAGING)
          .throttling(false)
          .openSearchTimings(OpenSearchTimings.fast())
          .build();
  final AwsTarget target = new AwsTarget(STAGING, REGION, null);
  final StagingEnvironment env = env();
  final RefreshWorkflow workflow = new RefreshWorkflow(new Random(7));
  private final AtomicLong nanos = new AtomicLong();

  // One attempt per call: the SDK-level retry would otherwise absorb a fault the workflow is to
  // meet. Rate limiting and backoff waits run on fake nanoseconds, so nothing sleeps.
  private final AwsCalls calls =
      new AwsCalls(
          AwsResilienceSettings.defaults().withMaxAttempts(1),
          new SimpleMeterRegistry(),
          nanos::get,
          nanos::addAndGet);
  private final ServiceRelease web = Releases.web("web", "registry.example/web:1");

  RefreshScene(Chain chain) {
    this.chain = chain;
    switch (chain) {
      case AURORA_CLONE -> {
        sim.seedAuroraCluster(PROD, REGION, "prod-main", "aurora-mysql", "5.7.mysql_aurora.2.11.2");
        sim.shareClusterWith(PROD, REGION, "prod-main", STAGING);
      }
      case AURORA_SNAPSHOT -> {
        sim.seedAuroraCluster(PROD, REGION, "prod-pg", "aurora-postgresql", "13.12");
        sim.seedClusterSnapshot(PROD, REGION, "prod-pg", "prod-pg-nightly");
        sim.shareSnapshotWith(PROD, REGION, "prod-pg-nightly", STAGING);
      }
      case ELASTICACHE -> {
        sim.seedReplicationGroup(PROD, REGION, "prod-cache", "7.1", "cache.r7g.large", 1);
        sim.createBucket(PROD, REGION, CACHE_BUCKET, S3BucketAccess.exportTarget());
      }
      case OPENSEARCH -> seedSearch();
      case POST -> seedService();
    }
  }

  List<NamedStep> steps() {
    RdsPort rds = new RdsPort(sim, calls);
    return switch (chain) {
      case AURORA_CLONE -> new AuroraSteps(rds, RefreshSpecs.fromClone()).steps();
      case AURORA_SNAPSHOT -> new AuroraSteps(rds, RefreshSpecs.fromSnapshot()).steps();
      case ELASTICACHE ->
          new ElastiCacheSteps(
                  new ElastiCachePort(sim, calls),
                  new AccountGuard(sim, calls),
                  RefreshSpecs.cache())
              .steps();
      case OPENSEARCH ->
          new OpenSearchSteps(new OpenSearchDomainPort(sim, calls), RefreshSpecs.search()).steps();
      case POST ->
          new PostSteps(new EcsPort(sim, calls), name -> name.equals("web") ? web : null)
              .steps(List.of(RefreshSpecs.mask()));
    };
  }

  /** A whole run with nothing failing: yesterday's refresh, which made what today's deletes. */
  RefreshStatus.Run runToTheEnd(String runId) {
    List<NamedStep> steps = steps();
    RefreshStatus.Run run = RefreshWorkflow.start(runId, "Schedule", steps, clock.instant());
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      Optional<Instant> next = workflow.advance(env, target, run, steps, clock.instant());
      if (next.isEmpty()) return run;
      moveTo(next.get());
    }
    throw new AssertionError(runId + " did not end: " + run.message);
  }

  /** Moves the simulated clock forward to {@code at} (never back). */
  void moveTo(Instant at) {
    Duration by = Duration.between(clock.instant(), at);
    if (by.compareTo(Duration.ZERO) > 0) clock.advance(by);
  }

  /** Calls of the operation that makes the chain's datastore. */
  CallStats creates() {
    String[] key = chain.createCall.split(":");
    return sim.calls(key[0], key[1]);
  }

  /** What a run that succeeded leaves: one datastore, made by that run, and nothing else. */
  void assertOnlyDatastoreIsFrom(RefreshStatus.Run run) {
    switch (chain) {
      case AURORA_CLONE, AURORA_SNAPSHOT -> {
        var spec =
            chain == Chain.AURORA_CLONE ? RefreshSpecs.fromClone() : RefreshSpecs.fromSnapshot();
        String version = spec.upgrade.engineVersion;
        assertThat(sim.rdsClusters(STAGING, REGION))
            .singleElement()
            .satisfies(
                c -> {
                  assertThat(c.id()).isEqualTo(chain.target);
                  assertThat(c.status()).isEqualTo("available");
                  assertThat(c.engineVersion()).isEqualTo(version);
                  assertThat(c.tags()).containsEntry(RefreshContext.RUN_TAG, run.runId);
                  assertThat(c.members())
                      .singleElement()
                      .satisfies(m -> assertThat(m.writer()).isTrue());
                });
        assertThat(run.rehearsals)
            .singleElement()
            .satisfies(r -> assertThat(r.result).as(r.message).isEqualTo("Succeeded"));
      }
      case ELASTICACHE ->
          assertThat(sim.replicationGroups(STAGING, REGION))
              .singleElement()
              .satisfies(
                  g -> {
                    assertThat(g.id()).isEqualTo(chain.target);
                    assertThat(g.status()).isEqualTo("available");
                    assertThat(g.tags()).containsEntry(RefreshContext.RUN_TAG, run.runId);
                  });
      case OPENSEARCH ->
          assertThat(sim.openSearchIndices(STAGING, REGION, chain.target))
              .extracting(
                  OpenSearchIndexInfo::name,
                  OpenSearchIndexInfo::docs,
                  OpenSearchIndexInfo::restoredFrom,
                  OpenSearchIndexInfo::health)
              .containsExactly(
                  Tuple.tuple(".kibana_1", 3L, null, "green"),
                  Tuple.tuple("customers", 300L, "production:snap-1", "green"),
                  Tuple.tuple("orders", 1200L, "production:snap-1", "green"));
      case POST -> {
        List<Task> stopped = tasks(DesiredStatus.STOPPED);
        assertThat(tasks(DesiredStatus.RUNNING)).isEmpty();
        assertThat(stopped)
            .singleElement()
            .satisfies(t -> assertThat(t.containers().get(0).exitCode()).isZero());
      }
    }
  }

  @Override
  public void close() {
    sim.close();
  }

  private List<Task> tasks(DesiredStatus status) {
    var ecs = sim.ecs(target);
    List<String> arns =
        ecs.listTasks(b -> b.cluster(chain.target).desiredStatus(status)).taskArns();
    return arns.isEmpty()
        ? List.of()
        : ecs.describeTasks(b -> b.cluster(chain.target).tasks(arns)).tasks();
  }

  /** A staging domain handed over to the environment, and production's snapshot. */
  private void seedSearch() {
    sim.seedOpenSearchDomain(STAGING, REGION, chain.target, "OpenSearch_2.13");
    sim.seedOpenSearchIndex(STAGING, REGION, chain.target, "orders", 7);
    sim.seedOpenSearchIndex(STAGING, REGION, chain.target, ".kibana_1", 3);
    var os = sim.opensearch(target);
    String arn = os.describeDomain(r -> r.domainName(chain.target)).domainStatus().arn();
    String owner = env.getMetadata().getNamespace() + "/" + env.getMetadata().getName();
    os.addTags(r -> r.arn(arn).tagList(t -> t.key(OpenSearchSteps.TARGET_TAG).value(owner)));
    sim.seedOpenSearchSnapshot(
        SEARCH_BUCKET,
        "nightly",
        "snap-1",
        "SUCCESS",
        Map.of("orders", 1200L, "customers", 300L),
        clock.instant().minus(Duration.ofHours(5)));
  }

  /** The ECS cluster and the released task definition a post-step runs with. */
  private void seedService() {
    sim.createCluster(STAGING, REGION, chain.target);
    String arn =
        sim.ecs(target)
            .registerTaskDefinition(
                r ->
                    r.family("web")
                        .networkMode(NetworkMode.AWSVPC)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            ContainerDefinition.builder()
                                .name("app")
                                .image("registry.example/web:1")
                                .essential(true)
                                .build()))
            .taskDefinition()
            .taskDefinitionArn();
    web.getSpec().cluster = chain.target;
    web.setStatus(new ServiceReleaseStatus());
    web.getStatus().taskDefinitionArn = arn;
  }

  private static StagingEnvironment env() {
    StagingEnvironment e = new StagingEnvironment();
    e.getMetadata().setName("faults");
    e.getMetadata().setNamespace("default");
    e.getMetadata().setUid("uid-faults");
    return e;
  }
}
