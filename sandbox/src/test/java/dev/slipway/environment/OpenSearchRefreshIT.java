package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.aws.AwsTarget;
import dev.slipway.environment.refresh.Refreshes;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.OpenSearchIndexInfo;
import dev.slipway.sandbox.sim.OpenSearchRestoreFault;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.assertj.core.groups.Tuple;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The every-morning refresh of a staging OpenSearch domain against the simulator's domains, real
 * local endpoints that demand SigV4 from the operator's production signer: the newest good snapshot
 * restored after the domain answered 503 for a while, the old indices gone and the system index
 * untouched; a domain not handed over left alone; restores that fail (refused, or never recovering)
 * ending the run with their reason.
 */
class OpenSearchRefreshIT {
  static final String ACCOUNT = Sandbox.ACCOUNT;
  static final String REGION = Sandbox.REGION;
  static final String BUCKET = "prod-search-snapshots";
  static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/staging-search-snapshots";
  static EnvironmentFixture fx;

  @BeforeAll
  static void start() {
    fx = EnvironmentFixture.start(Duration.ofMillis(500));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void theNewestGoodSnapshotReplacesTheOldIndicesAfterRetried503sAndSystemIndicesStay() {
    var aws = fx.sandbox.aws();
    stagingDomain("stg-search", "search");
    aws.seedOpenSearchIndex(ACCOUNT, REGION, "stg-search", "legacy-2023", 5);
    Instant now = aws.clock().instant();
    Map<String, Long> older = Map.of("orders", 100L, "customers", 50L);
    Map<String, Long> newest = Map.of("orders", 1200L, "customers", 300L, ".kibana_1", 9L);
    aws.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-older", "SUCCESS", older, now.minus(Duration.ofDays(2)));
    aws.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-failed", "FAILED", older, now.minus(Duration.ofDays(1)));
    aws.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-newest", "SUCCESS", newest, now.minus(Duration.ofHours(5)));
    // Newer still, but with failed shards: never the one restored.
    aws.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-partial", "PARTIAL", newest, now.minus(Duration.ofHours(1)));
    environment("search", 13100, "stg-search", "nightly");

    // The load balancer in front of the domain answers 503 to more requests than one call
    // retries: the step fails, waits and succeeds on a later attempt.
    aws.openSearchFailNextRequests("stg-search", 7, 503);
    RefreshStatus.Run run = refreshNow("search", "1");

    assertThat(run.result).as(run.message).isEqualTo("Succeeded");
    RefreshStatus.Step check = step(run, "checkSource");
    assertThat(check.picked).isEqualTo("snap-newest");
    assertThat(check.attempt).as("503s retried").isGreaterThanOrEqualTo(1);
    assertThat(step(run, "awaitGreen").detail).contains("green");
    assertThat(aws.openSearchIndices(ACCOUNT, REGION, "stg-search"))
        .extracting(
            OpenSearchIndexInfo::name,
            OpenSearchIndexInfo::docs,
            OpenSearchIndexInfo::restoredFrom,
            OpenSearchIndexInfo::health)
        .containsExactly(
            Tuple.tuple(".kibana_1", 3L, null, "green"),
            Tuple.tuple("customers", 300L, "production:snap-newest", "green"),
            Tuple.tuple("orders", 1200L, "production:snap-newest", "green"));
  }

  @Test
  void aDomainNotHandedOverToTheEnvironmentIsLeftAlone() {
    var aws = fx.sandbox.aws();
    // Tagged for another environment: someone else's staging domain.
    stagingDomain("stg-foreign", "someone-else");
    aws.seedOpenSearchSnapshot(
        BUCKET,
        "foreign",
        "snap-1",
        "SUCCESS",
        Map.of("orders", 10L),
        aws.clock().instant().minus(Duration.ofHours(3)));
    environment("foreign", 13120, "stg-foreign", "foreign");

    RefreshStatus.Run run = refreshNow("foreign", "1");

    assertThat(run.result).isEqualTo("Failed");
    assertThat(run.message)
        .contains("is not tagged slipway.dev/refresh-target=default/foreign")
        .contains("it says default/someone-else");
    assertThat(step(run, "checkSource").errorCode).isEqualTo("NotHandedOver");
    assertThat(aws.openSearchIndices(ACCOUNT, REGION, "stg-foreign"))
        .extracting(OpenSearchIndexInfo::name, OpenSearchIndexInfo::docs)
        .containsExactly(Tuple.tuple(".kibana_1", 3L), Tuple.tuple("orders", 7L));
  }

  @Test
  void aSnapshotTooNewForStagingIsRefusedFirstAndARestoreThatFailsEndsTheRun() {
    var aws = fx.sandbox.aws();
    Instant then = aws.clock().instant().minus(Duration.ofHours(2));
    Map<String, Long> prod = Map.of("orders", 10L);

    // Production upgraded first: OpenSearch would refuse the restore, after the old indices went.
    stagingDomain("stg-rejected", "rejected");
    aws.seedOpenSearchSnapshot(
        BUCKET, "rejected", "snap-1", "SUCCESS", prod, then, OpenSearchRestoreFault.REJECTED);
    environment("rejected", 13140, "stg-rejected", "rejected");
    RefreshStatus.Run refused = refreshNow("rejected", "1");
    assertThat(refused.result).isEqualTo("Failed");
    assertThat(refused.message)
        .startsWith("search: checkSource:")
        .contains("taken by OpenSearch 2.14.0, newer than stg-rejected's OpenSearch_2.13")
        .contains("staging was left as it is");
    assertThat(step(refused, "checkSource").errorCode).isEqualTo("SnapshotTooNew");
    assertThat(aws.openSearchIndices(ACCOUNT, REGION, "stg-rejected"))
        .extracting(OpenSearchIndexInfo::name, OpenSearchIndexInfo::docs)
        .containsExactly(Tuple.tuple(".kibana_1", 3L), Tuple.tuple("orders", 7L));

    // Accepted, but its primaries never recover from S3.
    stagingDomain("stg-stuck", "stuck");
    aws.seedOpenSearchSnapshot(
        BUCKET, "stuck", "snap-1", "SUCCESS", prod, then, OpenSearchRestoreFault.STAYS_RED);
    environment("stuck", 13160, "stg-stuck", "stuck");
    RefreshStatus.Run red = refreshNow("stuck", "1");
    assertThat(red.result).isEqualTo("Failed");
    assertThat(red.message)
        .startsWith("search: awaitGreen:")
        .contains("the restore of snap-1 failed")
        .contains("primary shards of [orders] are unassigned and none is recovering");
    assertThat(step(red, "awaitGreen").errorCode).isEqualTo("RestoreFailed");
    assertThat(step(red, "awaitGreen").errorKind).isEqualTo("fatal");
    assertThat(aws.openSearchIndices(ACCOUNT, REGION, "stg-stuck"))
        .extracting(OpenSearchIndexInfo::name, OpenSearchIndexInfo::health)
        .containsExactly(Tuple.tuple(".kibana_1", "green"), Tuple.tuple("orders", "red"));
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A staging domain with an old index and a system index, tagged for environment {@code env}. */
  private static void stagingDomain(String domain, String env) {
    var aws = fx.sandbox.aws();
    aws.seedOpenSearchDomain(ACCOUNT, REGION, domain, "OpenSearch_2.13");
    aws.seedOpenSearchIndex(ACCOUNT, REGION, domain, "orders", 7);
    aws.seedOpenSearchIndex(ACCOUNT, REGION, domain, ".kibana_1", 3);
    var os = aws.opensearch(new AwsTarget(ACCOUNT, REGION, null));
    String arn = os.describeDomain(r -> r.domainName(domain)).domainStatus().arn();
    os.addTags(
        r ->
            r.arn(arn)
                .tagList(
                    t ->
                        t.key("slipway.dev/refresh-target")
                            .value(Environments.NAMESPACE + "/" + env)));
  }

  /** A shared environment refreshing {@code domain} from snapshots under {@code basePath}. */
  private static void environment(String name, int port, String domain, String basePath) {
    StagingEnvironment env = Environments.sharedPort(name, Engine.mysql, fx.lb, port, port + 10);
    RefreshSpec.OpenSearch search = new RefreshSpec.OpenSearch();
    search.name = "search";
    search.domain = domain;
    search.repository = new RefreshSpec.SnapshotRepository();
    search.repository.name = "production";
    search.repository.bucket = BUCKET;
    search.repository.basePath = basePath;
    search.repository.roleArn = ROLE;
    env.getSpec().refresh = new RefreshSpec();
    env.getSpec().refresh.opensearch = List.of(search);
    fx.apply(env);
    fx.awaitPhase(name, Phase.Ready);
  }

  private static RefreshStatus.Step step(RefreshStatus.Run run, String name) {
    return run.steps.stream().filter(s -> s.step.equals(name)).findFirst().orElseThrow();
  }

  /**
   * Asks for a refresh and returns the run that finished after it. The run is told by the head of
   * the history changing, not by its id: a pass that raced another may start a run whose status
   * write loses, and the run that goes on has another id.
   */
  private static RefreshStatus.Run refreshNow(String env, String token) {
    RefreshStatus before = refresh(env);
    String head = before == null || before.history.isEmpty() ? null : before.history.get(0).runId;
    fx.annotate(env, Refreshes.REFRESH_NOW, token);
    await()
        .atMost(EnvironmentFixture.WAIT)
        .until(
            () -> {
              RefreshStatus r = refresh(env);
              return r != null && token.equals(r.requestAcknowledged);
            });
    return eventually(
        env,
        () -> {
          RefreshStatus r = refresh(env);
          if (r == null || r.current != null || r.history.isEmpty()) return null;
          RefreshStatus.Run last = r.history.get(0);
          return last.runId.equals(head) ? null : last;
        });
  }

  /**
   * Polls, moving simulated time a minute per look so restores' minutes pass in seconds; on
   * timeout, says where the environment's refresh stood.
   */
  private static <T> T eventually(String env, Supplier<T> look) {
    Object[] seen = new Object[1];
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                fx.sandbox.aws().clock().advance(Duration.ofMinutes(1));
                seen[0] = look.get();
                return seen[0] != null;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          env + "'s refresh did not end: " + Serialization.asYaml(refresh(env)), e);
    }
    @SuppressWarnings("unchecked")
    T t = (T) seen[0];
    return t;
  }

  private static RefreshStatus refresh(String env) {
    StagingEnvironment e = fx.get(env);
    return e == null || e.getStatus() == null ? null : e.getStatus().refresh;
  }
}
