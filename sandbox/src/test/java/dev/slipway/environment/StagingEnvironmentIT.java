package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.datastore.DbCredentials;
import dev.slipway.datastore.MySqlSchemaManager;
import dev.slipway.datastore.PostgresSchemaManager;
import dev.slipway.datastore.SchemaManager;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.Inventory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Branch environments end to end, in-process: the operator on the embedded Kubernetes API against
 * the AWS simulator, with the machine's real MariaDB, PostgreSQL and Redis.
 */
class StagingEnvironmentIT {
  static final Duration WAIT = EnvironmentFixture.WAIT;
  static EnvironmentFixture f;
  static Sandbox sandbox;
  static String lb;
  static String hostListener;
  static final SchemaManager MYSQL =
      new MySqlSchemaManager("127.0.0.1", 3306, new DbCredentials("root", ""));
  static final SchemaManager POSTGRES =
      new PostgresSchemaManager("127.0.0.1", 5432, "test", new DbCredentials("root", ""));

  @BeforeAll
  static void start() {
    f = EnvironmentFixture.start();
    sandbox = f.sandbox;
    lb = f.lb;
    hostListener = f.hostListener;
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void branchEnvironmentBecomesReadyWithUrlAndDeleteLeavesNothing() {
    apply(Environments.sharedPort("shop", Engine.mysql, lb, 10000, 10019));
    StagingEnvironment env = apply(Environments.branch("shop-qa-foo", "shop", "qa/foo", "v1"));
    StagingEnvironment ready = awaitPhase("shop-qa-foo", Phase.Ready);

    assertThat(ready.getStatus().url).startsWith("http://").endsWith(":10000");
    String schema = ready.getStatus().schema;
    assertThat(schema).startsWith("shop_qa_foo_");
    assertThat(MYSQL.exists(schema)).isTrue();
    Inventory.ServiceInfo service = service(ready.getStatus().services.get(0).release);
    assertThat(service).isNotNull();

    String namespace = ready.getStatus().redisNamespace;
    try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/5");
        StatefulRedisConnection<String, String> redis = client.connect()) {
      redis.sync().set(namespace + ":session:1", "x");
      redis.sync().set(namespace + "x:other", "must survive");
      delete("shop-qa-foo");
      await().atMost(WAIT).until(() -> Environments.get(sandbox, "shop-qa-foo") == null);
      assertThat(redis.sync().get(namespace + ":session:1")).isNull();
      assertThat(redis.sync().get(namespace + "x:other")).isEqualTo("must survive");
      redis.sync().del(namespace + "x:other");
    }
    assertThat(MYSQL.exists(schema)).isFalse();
    Inventory inventory = inventory();
    assertThat(inventory.listeners()).noneMatch(l -> l.port() == 10000);
    assertThat(inventory.targetGroups()).noneMatch(tg -> tg.name().startsWith("web-qa-foo"));
    assertThat(inventory.services()).noneMatch(s -> s.name().startsWith("web-qa-foo"));
  }

  @Test
  void postgresAndHostHeaderRoutingServeTheBranchAtItsHostAndTeardownLeavesNothing() {
    apply(Environments.sharedHost("blog", Engine.postgresql, hostListener));
    apply(Environments.branch("blog-qa-pg", "blog", "qa/pg", "v1"));
    StagingEnvironment ready = awaitPhase("blog-qa-pg", Phase.Ready);

    String host = ready.getStatus().services.get(0).host;
    assertThat(host).startsWith("qa-pg-").endsWith(".qa.example.com");
    assertThat(ready.getStatus().url).isEqualTo("http://" + host);
    assertThat(POSTGRES.exists(ready.getStatus().schema)).isTrue();
    String tg = ready.getStatus().services.get(0).targetGroupArn;
    assertThat(inventory().rules())
        .filteredOn(r -> r.forwardsTo().contains(tg))
        .singleElement()
        .satisfies(
            r -> assertThat(r.priority()).isEqualTo(ready.getStatus().services.get(0).priority));

    delete("blog-qa-pg");
    await().atMost(WAIT).until(() -> Environments.get(sandbox, "blog-qa-pg") == null);
    assertThat(POSTGRES.exists(ready.getStatus().schema)).isFalse();
    assertThat(inventory().rules()).noneMatch(r -> r.forwardsTo().contains(tg));
    assertThat(inventory().targetGroups()).noneMatch(t -> t.arn().equals(tg));
  }

  @Test
  void aTrickyBranchNameGetsValidNamesEverywhere() {
    String branch = "qa/Fix \"it's\"; DROP DATABASE mysql; -- `x` café..日本";
    apply(Environments.sharedPort("tricky", Engine.mysql, lb, 10400, 10409));
    apply(Environments.branch("tricky-one", "tricky", branch, "v1"));
    StagingEnvironment ready = awaitPhase("tricky-one", Phase.Ready);

    String schema = ready.getStatus().schema;
    assertThat(schema).matches("[a-z0-9_]{1,64}");
    assertThat(MYSQL.exists(schema)).isTrue();
    assertThat(ready.getStatus().redisNamespace).matches("[A-Za-z0-9_:.-]+");
    assertThat(ready.getStatus().services.get(0).release).matches("[a-z0-9-]{1,63}");
    String service = releaseServiceName(ready.getStatus().services.get(0).release);
    assertThat(service).matches("[A-Za-z0-9_-]{1,255}");
    assertThat(inventory().services()).anyMatch(s -> s.name().equals(service));

    delete("tricky-one");
    await().atMost(WAIT).until(() -> Environments.get(sandbox, "tricky-one") == null);
    assertThat(MYSQL.exists(schema)).isFalse();
  }

  @Test
  void aFailingMigrationFailsTheEnvironmentWithItsExitCodeAndRoutesNoTraffic() {
    StagingEnvironment shared = Environments.sharedPort("broken", Engine.mysql, lb, 10100, 10109);
    shared.getSpec().branches.migrate.command = List.of("sh", "-c", "bin/rails db:migrate; exit 3");
    apply(shared);
    apply(Environments.branch("broken-qa-x", "broken", "qa/x", "v1"));
    StagingEnvironment failed = awaitPhase("broken-qa-x", Phase.Failed);

    assertThat(failed.getStatus().message).contains("migrate").contains("3");
    assertThat(failed.getStatus().url).isNull();
    String release = failed.getStatus().services.get(0).release;
    assertThat(service(release)).as("no ECS service behind the environment").isNull();
    String tg = failed.getStatus().services.get(0).targetGroupArn;
    assertThat(inventory().targetGroups())
        .filteredOn(t -> t.arn().equals(tg))
        .singleElement()
        .satisfies(t -> assertThat(t.targets()).as("nothing serves traffic").isEmpty());

    delete("broken-qa-x");
    await().atMost(WAIT).until(() -> Environments.get(sandbox, "broken-qa-x") == null);
    assertThat(inventory().targetGroups()).noneMatch(t -> t.arn().equals(tg));
  }

  @Test
  void theConnectionBudgetRefusesAnEnvironmentWithNumbersAndCreatesNothingForIt() {
    StagingEnvironment shared = Environments.sharedPort("budget", Engine.mysql, lb, 10200, 10209);
    shared.getSpec().branches.database.connectionsPerTask = 50;
    shared.getSpec().branches.database.maxConnections = 120;
    apply(shared);
    apply(Environments.branch("budget-a", "budget", "qa/a", "v1"));
    apply(Environments.branch("budget-b", "budget", "qa/b", "v1"));
    awaitPhase("budget-a", Phase.Ready);
    awaitPhase("budget-b", Phase.Ready);
    apply(Environments.branch("budget-c", "budget", "qa/c", "v1"));
    StagingEnvironment refused = awaitPhase("budget-c", Phase.Failed);

    assertThat(refused.getStatus().conditions)
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ConnectionBudgetExceeded"));
    assertThat(refused.getStatus().message)
        .contains("150 of 120 connections")
        .contains("3 environments × 1 task × 50 per task")
        .contains("max_connections 151")
        .contains("policy cap 120");
    assertThat(MYSQL.exists(refused.getStatus().schema)).isFalse();
    // Two listeners in the range, a's and b's (which ports depends on how their passes raced).
    assertThat(inventory().listeners())
        .filteredOn(l -> l.port() >= 10200 && l.port() <= 10209)
        .hasSize(2);
    assertThat(refused.getStatus().admittedAt).isNull();

    // Room again once one goes: the refused environment is admitted on its next pass.
    delete("budget-a");
    awaitPhase("budget-c", Phase.Ready);
    List.of("budget-b", "budget-c").forEach(StagingEnvironmentIT::delete);
  }

  @Test
  void anExhaustedPortRangeIsAClearConditionAndLeavesNoPartialEnvironment() {
    apply(Environments.sharedPort("narrow", Engine.mysql, lb, 10300, 10300));
    apply(Environments.branch("narrow-a", "narrow", "qa/a", "v1"));
    awaitPhase("narrow-a", Phase.Ready);
    apply(Environments.branch("narrow-b", "narrow", "qa/b", "v1"));
    StagingEnvironment refused = awaitPhase("narrow-b", Phase.Failed);

    assertThat(refused.getStatus().conditions)
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("RoutingExhausted"));
    assertThat(refused.getStatus().message).contains("no free port in range 10300-10300");
    String tgName =
        BranchNames.of("qa/b").targetGroupName(Environments.NAMESPACE + "/narrow", "web");
    assertThat(inventory().targetGroups()).noneMatch(t -> t.name().equals(tgName));
    assertThat(MYSQL.exists(refused.getStatus().schema)).isFalse();
    assertThat(childrenOf(refused)).isEmpty();
    List.of("narrow-a", "narrow-b").forEach(StagingEnvironmentIT::delete);
  }

  @Test
  void twoSharedEnvironmentsCannotGiveOneBranchTheSameSchema() {
    StagingEnvironment a = Environments.sharedPort("twin-a", Engine.mysql, lb, 10700, 10709);
    StagingEnvironment b = Environments.sharedPort("twin-b", Engine.mysql, lb, 10710, 10719);
    a.getSpec().branches.database.schemaName = "twin_{branch}";
    b.getSpec().branches.database.schemaName = "twin_{branch}";
    apply(a);
    apply(b);
    apply(Environments.branch("twin-a-same", "twin-a", "qa/same", "v1"));
    StagingEnvironment first = awaitPhase("twin-a-same", Phase.Ready);
    apply(Environments.branch("twin-b-same", "twin-b", "qa/same", "v1"));
    StagingEnvironment refused = awaitPhase("twin-b-same", Phase.Failed);

    assertThat(refused.getStatus().conditions)
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("SchemaTaken"));
    assertThat(refused.getStatus().message)
        .contains(first.getStatus().schema)
        .contains("twin-a-same");
    assertThat(inventory().listeners()).noneMatch(l -> l.port() >= 10710 && l.port() <= 10719);
    List.of("twin-b-same", "twin-a-same").forEach(StagingEnvironmentIT::delete);
    await().atMost(WAIT).until(() -> Environments.get(sandbox, "twin-a-same") == null);
    assertThat(MYSQL.exists(first.getStatus().schema)).isFalse();
  }

  @Test
  void aBranchOutsideTheGlobIsInvalidAndNothingIsWritten() {
    apply(Environments.sharedPort("strict", Engine.mysql, lb, 10500, 10509));
    int listeners = inventory().listeners().size();
    apply(Environments.branch("strict-main", "strict", "main", "v1"));
    StagingEnvironment invalid = awaitPhase("strict-main", Phase.Failed);

    assertThat(invalid.getStatus().message)
        .isEqualTo("branch main does not match branches.match qa/* of shared environment strict");
    assertThat(invalid.getStatus().admittedAt).isNull();
    assertThat(inventory().listeners()).hasSize(listeners);
    assertThat(MYSQL.exists(BranchNames.of("main").mysqlDatabase("strict_{branch}"))).isFalse();
    delete("strict-main");
  }

  @Test
  void anEnvironmentExpiresAfterItsTtlAndANewImageTagBringsItBack() {
    apply(Environments.sharedPort("ttl", Engine.mysql, lb, 10600, 10609));
    apply(Environments.branch("ttl-qa-old", "ttl", "qa/old", "v1"));
    StagingEnvironment ready = awaitPhase("ttl-qa-old", Phase.Ready);
    String schema = ready.getStatus().schema;
    String tg = ready.getStatus().services.get(0).targetGroupArn;
    String ecsService = releaseServiceName(ready.getStatus().services.get(0).release);

    sandbox.aws().clock().advance(Duration.ofHours(25));
    awaitPhase("ttl-qa-old", Phase.Expired);
    StagingEnvironment expired = awaitReason("ttl-qa-old", "Expired");
    assertThat(expired.getStatus().message).contains("no spec change for 24h");
    assertThat(expired.getStatus().url).isNull();
    assertThat(MYSQL.exists(schema)).isFalse();
    assertThat(inventory().targetGroups()).noneMatch(t -> t.arn().equals(tg));
    assertThat(inventory().listeners()).noneMatch(l -> l.port() == 10600);
    assertThat(inventory().services()).noneMatch(svc -> svc.name().equals(ecsService));
    assertThat(Environments.get(sandbox, "ttl-qa-old")).as("the resource stays").isNotNull();

    apply(Environments.branch("ttl-qa-old", "ttl", "qa/old", "v2"));
    StagingEnvironment revived = awaitPhase("ttl-qa-old", Phase.Ready);
    assertThat(revived.getStatus().url).endsWith(":10600");
    assertThat(MYSQL.exists(schema)).isTrue();
    delete("ttl-qa-old");
    await().atMost(WAIT).until(() -> Environments.get(sandbox, "ttl-qa-old") == null);
  }

  static StagingEnvironment apply(StagingEnvironment env) {
    return f.apply(env);
  }

  static void delete(String name) {
    f.delete(name);
  }

  static StagingEnvironment awaitPhase(String name, Phase phase) {
    return f.awaitPhase(name, phase);
  }

  static StagingEnvironment awaitReason(String name, String reason) {
    return f.awaitReason(name, reason);
  }

  static List<ServiceRelease> childrenOf(StagingEnvironment env) {
    return f.childrenOf(env);
  }

  static Inventory inventory() {
    return f.inventory();
  }

  static Inventory.ServiceInfo service(String releaseName) {
    return f.service(releaseName);
  }

  static String releaseServiceName(String releaseName) {
    return f.releaseServiceName(releaseName);
  }
}
