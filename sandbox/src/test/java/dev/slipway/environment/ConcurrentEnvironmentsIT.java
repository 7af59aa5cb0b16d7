package dev.slipway.environment;

import static dev.slipway.environment.Environments.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.Inventory;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twenty branch environments created at once, with the operator restarted in the middle: every
 * environment gets its own port, and there is exactly one of everything. Deleting them all leaves
 * nothing in the simulator, the database or Redis.
 */
class ConcurrentEnvironmentsIT {
  static final int COUNT = 20;
  static final int FIRST_PORT = 11000;
  static final String SHARED = "fleet";
  static Sandbox sandbox;
  static String lb;

  @BeforeAll
  static void start() {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    lb = sandbox.aws().createLoadBalancer(Sandbox.ACCOUNT, Sandbox.REGION, "qa");
    sandbox.client().resource(Environments.adminSecret(Engine.mysql)).create();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void twentyAtOnceWithARestartGetUniquePortsAndTeardownLeavesZero() throws Exception {
    sandbox
        .client()
        .resource(Environments.sharedPort(SHARED, Engine.mysql, lb, FIRST_PORT, FIRST_PORT + 99))
        .create();
    List<String> names = IntStream.range(0, COUNT).mapToObj(i -> "fleet-qa-" + i).toList();
    names.parallelStream()
        .forEach(
            n ->
                sandbox
                    .client()
                    .resource(Environments.branch(n, SHARED, "qa/n" + n.substring(9), "v1"))
                    .create());

    // Restart once allocation is under way: state must come from AWS and Kubernetes only.
    await().atMost(Duration.ofSeconds(60)).until(() -> branchListeners().size() >= 5);
    sandbox.stopOperator();
    sandbox.startOperator();

    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(names)
                    .allSatisfy(
                        n -> assertThat(Environments.phase(sandbox, n)).isEqualTo(Phase.Ready)));

    List<StagingEnvironment> envs = names.stream().map(n -> Environments.get(sandbox, n)).toList();
    List<Integer> ports = envs.stream().map(e -> e.getStatus().services.get(0).port).toList();
    assertThat(ports).doesNotHaveDuplicates().hasSize(COUNT);
    // Racing allocators spread over the lowest free ports, so a gap or two is fine; a duplicate
    // or a port outside the range is not.
    assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(FIRST_PORT, FIRST_PORT + 99));
    assertThat(branchListeners()).hasSize(COUNT);
    assertThat(branchTargetGroups()).hasSize(COUNT);
    assertThat(branchServices()).hasSize(COUNT);
    assertThat(children()).hasSize(COUNT);
    assertThat(schemas()).hasSize(COUNT);
    for (StagingEnvironment e : envs) seedKeys(e.getStatus().redisNamespace);

    names.forEach(
        n ->
            sandbox
                .client()
                .resources(StagingEnvironment.class)
                .inNamespace(NAMESPACE)
                .withName(n)
                .delete());
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> names.stream().allMatch(n -> Environments.get(sandbox, n) == null));

    assertThat(branchListeners()).isEmpty();
    assertThat(branchTargetGroups()).isEmpty();
    assertThat(branchServices()).isEmpty();
    assertThat(children()).isEmpty();
    assertThat(schemas()).isEmpty();
    assertThat(redisKeys(SHARED + ":")).isEmpty();
  }

  static Inventory inventory() {
    return sandbox.aws().inventory(Sandbox.ACCOUNT, Sandbox.REGION);
  }

  static List<Inventory.ListenerInfo> branchListeners() {
    return inventory().listeners().stream()
        .filter(l -> l.loadBalancerArn().equals(lb) && l.port() >= FIRST_PORT)
        .toList();
  }

  static List<Inventory.TargetGroupInfo> branchTargetGroups() {
    return inventory().targetGroups().stream()
        .filter(t -> t.name().startsWith("web-qa-n"))
        .toList();
  }

  static List<Inventory.ServiceInfo> branchServices() {
    return inventory().services().stream().filter(s -> s.name().startsWith("web-qa-n")).toList();
  }

  static List<ServiceRelease> children() {
    return sandbox
        .client()
        .resources(ServiceRelease.class)
        .inNamespace(NAMESPACE)
        .withLabel(ChildReleases.OWNER_UID_LABEL)
        .list()
        .getItems()
        .stream()
        .filter(sr -> sr.getMetadata().getName().startsWith(SHARED + "-web-qa-n"))
        .toList();
  }

  /** The branch databases on the local MariaDB, from information_schema. */
  static List<String> schemas() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT schema_name FROM information_schema.schemata"
                        + " WHERE schema_name LIKE 'fleet\\\\_qa\\\\_n%'")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  static void seedKeys(String namespace) {
    try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/5");
        StatefulRedisConnection<String, String> redis = client.connect()) {
      redis.sync().set(namespace + ":cache:1", "x");
      redis.sync().set(namespace + ":session:1", "y");
    }
  }

  /** Every key under {@code prefix} in DB 5, found with SCAN as an operator would. */
  static List<String> redisKeys(String prefix) {
    List<String> keys = new ArrayList<>();
    try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/5");
        StatefulRedisConnection<String, String> redis = client.connect()) {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page =
            redis.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
        keys.addAll(page.getKeys());
        cursor = page;
      } while (!cursor.isFinished());
    }
    return keys;
  }
}
