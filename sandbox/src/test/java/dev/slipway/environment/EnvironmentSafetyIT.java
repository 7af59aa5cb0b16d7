package dev.slipway.environment;

import static dev.slipway.environment.Environments.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.status.DeletionFrame;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing stuck, against the real MariaDB and Redis: refused environments own nothing
 * and their deletion touches nothing; a shared environment's bad pattern or missing reference makes
 * it Invalid at the source and its branches write nothing; a teardown that cannot proceed says why
 * and finishes when the cause is gone; the abandon annotation releases an object on purpose. The
 * databases are read with plain JDBC and Lettuce, not through Slipway's own code.
 */
class EnvironmentSafetyIT {
  static EnvironmentFixture f;

  @BeforeAll
  static void start() {
    f = EnvironmentFixture.start();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void deletingARefusedDuplicateOfABranchLeavesTheLiveEnvironmentsDataAlone() throws Exception {
    f.apply(Environments.sharedPort("dup", Engine.mysql, f.lb, 11000, 11009));
    f.apply(Environments.branch("dup-live", "dup", "qa/same", "v1"));
    StagingEnvironment live = f.awaitPhase("dup-live", Phase.Ready);
    seed(live);
    f.apply(Environments.branch("dup-twin", "dup", "qa/same", "v1"));
    StagingEnvironment twin = f.awaitReason("dup-twin", "BranchTaken");
    assertThat(twin.getStatus().message)
        .contains("dup-live")
        .contains("one environment per branch");

    long drops = mysqlStatus("Com_drop_db");
    long unlinks = redisUnlinks();
    f.delete("dup-twin");
    f.awaitGone("dup-twin");

    assertThat(mysqlStatus("Com_drop_db")).as("no DROP DATABASE was sent").isEqualTo(drops);
    assertThat(redisUnlinks()).as("no UNLINK was sent").isEqualTo(unlinks);
    assertSeeded(live);
    assertThat(f.get("dup-live").getStatus().phase).isEqualTo(Phase.Ready);
    f.delete("dup-live");
    f.awaitGone("dup-live");
    assertThat(schemaExists(live.getStatus().schema)).isFalse();
  }

  @Test
  void aSecondSharedEnvironmentWithTheSamePatternIsSchemaTakenAndItsDeletionTouchesNothing()
      throws Exception {
    StagingEnvironment a = Environments.sharedPort("same-a", Engine.mysql, f.lb, 11010, 11019);
    StagingEnvironment b = Environments.sharedPort("same-b", Engine.mysql, f.lb, 11020, 11029);
    a.getSpec().branches.database.schemaName = "same_{branch}";
    b.getSpec().branches.database.schemaName = "same_{branch}";
    a.getSpec().branches.redis.namespace = "same:{branch}";
    b.getSpec().branches.redis.namespace = "same:{branch}";
    f.apply(a);
    f.apply(b);
    f.apply(Environments.branch("same-a-x", "same-a", "qa/x", "v1"));
    StagingEnvironment live = f.awaitPhase("same-a-x", Phase.Ready);
    seed(live);
    f.apply(Environments.branch("same-b-x", "same-b", "qa/x", "v1"));
    StagingEnvironment refused = f.awaitReason("same-b-x", "SchemaTaken");
    assertThat(refused.getStatus().message)
        .contains("same-a-x")
        .contains("give each shared environment");

    long drops = mysqlStatus("Com_drop_db");
    f.delete("same-b-x");
    f.awaitGone("same-b-x");

    assertThat(mysqlStatus("Com_drop_db")).isEqualTo(drops);
    assertSeeded(live);
    f.delete("same-a-x");
    f.awaitGone("same-a-x");
  }

  @Test
  void environmentsRefusedAtTheLimitSendNoDropAndNoUnlinkWhenDeleted() throws Exception {
    StagingEnvironment shared = Environments.sharedPort("one", Engine.mysql, f.lb, 11030, 11039);
    shared.getSpec().branches.maxEnvironments = 1;
    f.apply(shared);
    f.apply(Environments.branch("one-a", "one", "qa/a", "v1"));
    f.awaitPhase("one-a", Phase.Ready);
    f.apply(Environments.branch("one-b", "one", "qa/b", "v1"));
    StagingEnvironment refused = f.awaitReason("one-b", "MaxEnvironmentsReached");
    assertThat(refused.getStatus().admittedAt).isNull();

    long drops = mysqlStatus("Com_drop_db");
    long unlinks = redisUnlinks();
    f.delete("one-b");
    f.awaitGone("one-b");

    assertThat(mysqlStatus("Com_drop_db")).isEqualTo(drops);
    assertThat(redisUnlinks()).isEqualTo(unlinks);
    f.delete("one-a");
    f.awaitGone("one-a");
  }

  @Test
  void aPatternThatCannotFitMakesTheSharedEnvironmentInvalidAndItsBranchesWriteNothing() {
    StagingEnvironment shared = Environments.sharedPort("long", Engine.mysql, f.lb, 11040, 11049);
    shared.getSpec().branches.database.schemaName = "a".repeat(50) + "_{branch}";
    assertRefusedByAdmission(shared, "leaves too little room for the branch");
    applyPastAdmission(shared);
    StagingEnvironment invalid = f.awaitReason("long", "Invalid");
    assertThat(invalid.getStatus().phase).isEqualTo(Phase.Failed);
    assertThat(invalid.getStatus().message).contains("branches.database.schemaName");
    int listeners = f.inventory().listeners().size();
    int targetGroups = f.inventory().targetGroups().size();

    f.apply(Environments.branch("long-x", "long", "qa/x", "v1"));
    StagingEnvironment branch = f.awaitReason("long-x", "SharedEnvironmentInvalid");

    assertThat(branch.getStatus().phase).isEqualTo(Phase.Failed);
    assertThat(branch.getStatus().message).contains("schemaName");
    assertThat(f.inventory().listeners()).hasSize(listeners);
    assertThat(f.inventory().targetGroups()).hasSize(targetGroups);
    f.delete("long-x");
    f.awaitGone("long-x");
  }

  @Test
  void aReservedPostgresPrefixIsRefusedOnTheSharedEnvironment() {
    StagingEnvironment shared = Environments.sharedHost("pgres", Engine.postgresql, f.hostListener);
    shared.getSpec().branches.database.schemaName = "pg_{branch}";
    assertRefusedByAdmission(shared, "could produce names starting with pg_");
    applyPastAdmission(shared);

    StagingEnvironment invalid = f.awaitReason("pgres", "Invalid");

    assertThat(invalid.getStatus().message).contains("pg_").contains("reserved");
  }

  @Test
  void aMissingLoadBalancerIsNamedAndPickedUpOnceItExists() {
    String arn =
        "arn:aws:elasticloadbalancing:"
            + Sandbox.REGION
            + ":"
            + Sandbox.ACCOUNT
            + ":loadbalancer/app/not-yet/0123456789abcdef";
    f.apply(Environments.sharedPort("nolb", Engine.mysql, arn, 11050, 11059));
    StagingEnvironment shared = f.awaitReason("nolb", "LoadBalancerNotFound");
    assertThat(shared.getStatus().message).contains(arn);
    int targetGroups = f.inventory().targetGroups().size();

    f.apply(Environments.branch("nolb-x", "nolb", "qa/x", "v1"));
    StagingEnvironment branch = f.awaitReason("nolb-x", "SharedEnvironmentInvalid");
    assertThat(branch.getStatus().message).contains("LoadBalancerNotFound").contains(arn);
    assertThat(f.inventory().targetGroups()).hasSize(targetGroups);

    f.sandbox.aws().seedLoadBalancer(Sandbox.ACCOUNT, Sandbox.REGION, arn);
    f.awaitPhase("nolb", Phase.Ready);
    f.awaitPhase("nolb-x", Phase.Ready);
    f.delete("nolb-x");
    f.awaitGone("nolb-x");
  }

  @Test
  void aMissingAdminSecretIsNamedAndABranchThatNeverStartedDeletesAtOnce() {
    StagingEnvironment shared =
        Environments.sharedPort("nosecret", Engine.mysql, f.lb, 11060, 11069);
    shared.getSpec().branches.database.adminSecretRef.name = "no-such-secret";
    f.apply(shared);
    StagingEnvironment missing = f.awaitReason("nosecret", "SecretNotFound");
    assertThat(missing.getStatus().message).contains("default/no-such-secret");

    f.apply(Environments.branch("nosecret-x", "nosecret", "qa/x", "v1"));
    f.awaitReason("nosecret-x", "SharedEnvironmentInvalid");
    f.delete("nosecret-x");

    await().atMost(Duration.ofSeconds(10)).until(() -> f.get("nosecret-x") == null);
  }

  @Test
  void aBlockedTeardownSaysWhyAndFinishesOnceTheCauseIsGone() throws Exception {
    applySecret("blocked-admin");
    StagingEnvironment shared =
        Environments.sharedPort("blocked", Engine.mysql, f.lb, 11070, 11079);
    shared.getSpec().branches.database.adminSecretRef.name = "blocked-admin";
    f.apply(shared);
    f.apply(Environments.branch("blocked-x", "blocked", "qa/x", "v1"));
    StagingEnvironment ready = f.awaitPhase("blocked-x", Phase.Ready);
    String schema = ready.getStatus().schema;

    f.sandbox.client().resource(secret("blocked-admin")).delete();
    f.delete("blocked-x");
    StagingEnvironment blocked = f.awaitReason("blocked-x", "TeardownBlocked");

    assertThat(blocked.getStatus().phase).isEqualTo(Phase.Deleting);
    assertThat(blocked.getStatus().message)
        .contains("drop " + schema)
        .contains("Secret default/blocked-admin")
        .contains(DeletionFrame.ABANDON_ANNOTATION);
    assertThat(schemaExists(schema)).isTrue();

    applySecret("blocked-admin");
    f.awaitGone("blocked-x");
    assertThat(schemaExists(schema)).isFalse();
  }

  @Test
  void abandoningReleasesTheFinalizerAndListsWhatIsLeftBehind() throws Exception {
    applySecret("abandon-admin");
    StagingEnvironment shared = Environments.sharedPort("aband", Engine.mysql, f.lb, 11080, 11089);
    shared.getSpec().branches.database.adminSecretRef.name = "abandon-admin";
    f.apply(shared);
    f.apply(Environments.branch("aband-x", "aband", "qa/x", "v1"));
    StagingEnvironment ready = f.awaitPhase("aband-x", Phase.Ready);
    String schema = ready.getStatus().schema;
    f.sandbox.client().resource(secret("abandon-admin")).delete();
    f.delete("aband-x");
    f.awaitReason("aband-x", "TeardownBlocked");

    f.sandbox
        .client()
        .resources(StagingEnvironment.class)
        .inNamespace(NAMESPACE)
        .withName("aband-x")
        .edit(
            e -> {
              e.getMetadata().setAnnotations(Map.of(DeletionFrame.ABANDON_ANNOTATION, "true"));
              return e;
            });
    f.awaitGone("aband-x");

    assertThat(f.events("aband-x"))
        .filteredOn(e -> "Abandoned".equals(e.getReason()))
        .singleElement()
        .extracting(Event::getMessage)
        .asString()
        .contains(schema)
        .contains(ready.getStatus().redisNamespace);
    assertThat(schemaExists(schema)).as("left behind, as the Event says").isTrue();
    dropSchema(schema);
    forgetNamespace(ready.getStatus().redisNamespace);
  }

  @Test
  void aChangedSchemaPatternLeavesNothingBehindOnDelete() throws Exception {
    StagingEnvironment shared = Environments.sharedPort("pat", Engine.mysql, f.lb, 11100, 11109);
    f.apply(shared);
    f.apply(Environments.branch("pat-x", "pat", "qa/x", "v1"));
    String first = f.awaitPhase("pat-x", Phase.Ready).getStatus().schema;

    shared.getSpec().branches.database.schemaName = "patb_{branch}";
    f.apply(shared);
    await()
        .atMost(EnvironmentFixture.WAIT)
        .until(() -> !first.equals(f.get("pat-x").getStatus().schema));
    String second = f.awaitPhase("pat-x", Phase.Ready).getStatus().schema;
    assertThat(schemaExists(first)).as("the first schema is still the environment's").isTrue();
    assertThat(schemaExists(second)).isTrue();

    f.delete("pat-x");
    f.awaitGone("pat-x");
    assertThat(schemaExists(first)).isFalse();
    assertThat(schemaExists(second)).isFalse();
  }

  @Test
  void aReadyEnvironmentIsResyncedWithoutDdl() throws Exception {
    f.apply(Environments.sharedPort("quiet", Engine.mysql, f.lb, 11090, 11099));
    f.apply(Environments.branch("quiet-x", "quiet", "qa/x", "v1"));
    f.awaitPhase("quiet-x", Phase.Ready);
    long creates = mysqlStatus("Com_create_db");
    double passes = f.environmentPasses();

    // Every environment is looked at again each 2 s resync; wait for several rounds of them.
    await().atMost(EnvironmentFixture.WAIT).until(() -> f.environmentPasses() >= passes + 10);
    assertThat(f.get("quiet-x").getStatus().phase).isEqualTo(Phase.Ready);

    assertThat(mysqlStatus("Com_create_db")).isEqualTo(creates);
    f.delete("quiet-x");
    f.awaitGone("quiet-x");
  }

  /** The API server's CEL rules refuse the object before the operator ever sees it. */
  private static void assertRefusedByAdmission(StagingEnvironment env, String message) {
    assertThatThrownBy(() -> f.apply(env))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(message);
  }

  /**
   * Stores an object admission would refuse, as one created before its CRD was tightened (or on an
   * API server without CEL): the operator must still find it Invalid itself.
   */
  private static void applyPastAdmission(StagingEnvironment env) {
    f.sandbox.api().setAdmission(false);
    try {
      f.apply(env);
    } finally {
      f.sandbox.api().setAdmission(true);
    }
  }

  private static void applySecret(String name) {
    f.sandbox.client().resource(secret(name)).createOr(c -> c.update());
  }

  private static Secret secret(String name) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build())
        .withStringData(Map.of("username", "root", "password", ""))
        .build();
  }

  /** A table with a row in the environment's database and a key in its Redis namespace. */
  private static void seed(StagingEnvironment env) throws SQLException {
    String schema = env.getStatus().schema;
    sql("CREATE TABLE " + schema + ".seed (id INT PRIMARY KEY)");
    sql("INSERT INTO " + schema + ".seed VALUES (1)");
    try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/5");
        StatefulRedisConnection<String, String> redis = client.connect()) {
      redis.sync().set(env.getStatus().redisNamespace + ":seed", "kept");
    }
  }

  private static void assertSeeded(StagingEnvironment env) throws SQLException {
    try (Connection c = mariadb();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + env.getStatus().schema + ".seed")) {
      rs.next();
      assertThat(rs.getInt(1)).as("rows of live %s", env.getMetadata().getName()).isEqualTo(1);
    }
    try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/5");
        StatefulRedisConnection<String, String> redis = client.connect()) {
      assertThat(redis.sync().get(env.getStatus().redisNamespace + ":seed")).isEqualTo("kept");
    }
  }

  private static boolean schemaExists(String schema) throws SQLException {
    try (Connection c = mariadb();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = '" + schema + "'")) {
      return rs.next();
    }
  }

  private static void dropSchema(String schema) throws SQLException {
    sql("DROP DATABASE IF EXISTS " + schema);
    sql("DELETE FROM slipway_ledger.schemas WHERE name = '" + schema + "'");
  }

  /** What a person does after an abandon: remove the Redis namespace's claim. */
  private static void forgetNamespace(String namespace) {
    try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/5");
        StatefulRedisConnection<String, String> redis = client.connect()) {
      redis.sync().hdel("slipway.dev/ledger", namespace);
    }
  }

  private static long mysqlStatus(String variable) throws SQLException {
    try (Connection c = mariadb();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + variable + "'")) {
      rs.next();
      return rs.getLong(2);
    }
  }

  private static long redisUnlinks() {
    try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379/5");
        StatefulRedisConnection<String, String> redis = client.connect()) {
      Matcher m =
          Pattern.compile("cmdstat_unlink:calls=(\\d+)").matcher(redis.sync().info("commandstats"));
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
  }

  private static void sql(String sql) throws SQLException {
    try (Connection c = mariadb();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Connection mariadb() throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
  }
}
