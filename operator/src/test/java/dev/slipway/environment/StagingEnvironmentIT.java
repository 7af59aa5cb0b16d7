package dev.slipway.environment;

import static dev.slipway.environment.Environments.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.datastore.DbCredentials;
import dev.slipway.datastore.MySqlSchemaManager;
import dev.slipway.datastore.PostgresSchemaManager;
import dev.slipway.datastore.SchemaManager;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.Inventory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Branch environments end to end, in-process: the operator on the embedded Kubernetes API against
 * the AWS simulator, with the machine's real MariaDB, PostgreSQL and Redis.
 */
class StagingEnvironmentIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static Sandbox sandbox;
  static String lb;
  static String hostListener;
  static final SchemaManager MYSQL =
      new MySqlSchemaManager("127.0.0.1", 3306, new DbCredentials("root", ""));
  static final SchemaManager POSTGRES =
      new PostgresSchemaManager("127.0.0.1", 5432, "test", new DbCredentials("root", ""));

  @BeforeAll
  static void start() {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    lb = sandbox.aws().createLoadBalancer(Sandbox.ACCOUNT, Sandbox.REGION, "qa");
    String fallback =
        sandbox.aws().createTargetGroup(Sandbox.ACCOUNT, Sandbox.REGION, "qa-404", 80);
    hostListener = sandbox.aws().createListener(Sandbox.ACCOUNT, Sandbox.REGION, lb, 443, fallback);
    for (Engine engine : Engine.values()) {
      sandbox.client().resource(Environments.adminSecret(engine)).createOr(c -> c.update());
    }
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void branchEnvironmentBecomesReadyWithUrlAndDeleteLeavesNothing() {
    apply(Environments.sharedPort("shop", Engine.mysql, lb, 10000, 10019));
    StagingEnvironment env = apply(Environments.branch("shop-qa-foo", "shop", "qa/foo", "v1"));
    StagingEnvironment ready = awaitPhase("shop-qa-foo", Phase.Ready);

    assertThat(ready.getStatus().url).startsWith("http://").endsWith(":10000");
    String schema = ready.getStatus().schema;
    assertThat(schema).startsWith("qa_qa_foo_");
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

  static StagingEnvironment apply(StagingEnvironment env) {
    return sandbox.client().resource(env).createOr(c -> c.update());
  }

  static void delete(String name) {
    sandbox
        .client()
        .resources(StagingEnvironment.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .delete();
  }

  static StagingEnvironment awaitPhase(String name, Phase phase) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              StagingEnvironment env = Environments.get(sandbox, name);
              assertThat(env).isNotNull();
              assertThat(env.getStatus()).isNotNull();
              assertThat(env.getStatus().phase)
                  .as("%s: %s", name, env.getStatus().message)
                  .isEqualTo(phase);
            });
    return Environments.get(sandbox, name);
  }

  static Inventory inventory() {
    return sandbox.aws().inventory(Sandbox.ACCOUNT, Sandbox.REGION);
  }

  static Inventory.ServiceInfo service(String releaseName) {
    return inventory().services().stream()
        .filter(s -> s.name().equals(releaseServiceName(releaseName)))
        .findFirst()
        .orElse(null);
  }

  static String releaseServiceName(String releaseName) {
    return sandbox
        .client()
        .resources(dev.slipway.api.v1alpha1.ServiceRelease.class)
        .inNamespace(NAMESPACE)
        .withName(releaseName)
        .get()
        .getSpec()
        .serviceName;
  }
}
