package dev.slipway.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.environment.BranchNames;
import dev.slipway.environment.TrickyBranches;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Branch databases/schemas and their ownership ledger on the real MariaDB and PostgreSQL of this
 * machine (and CI), checked with plain JDBC of the test's own, not through the code under test.
 */
class SchemaManagerIT {
  /** Unique per run so parallel runs and leftovers never collide; every test drops what it made. */
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

  private final List<Runnable> cleanup = new ArrayList<>();

  static Stream<Arguments> engines() {
    DbCredentials mysqlAdmin = new DbCredentials("root", "");
    DbCredentials postgresAdmin = new DbCredentials("postgres", "");
    BiFunction<BranchNames, String, String> mysqlName = BranchNames::mysqlDatabase;
    BiFunction<BranchNames, String, String> postgresName = BranchNames::postgresSchema;
    return Stream.of(
        Arguments.of("mariadb", new MySqlSchemaManager("127.0.0.1", 3306, mysqlAdmin), mysqlName),
        Arguments.of(
            "postgres",
            new PostgresSchemaManager("127.0.0.1", 5432, "test", postgresAdmin),
            postgresName));
  }

  @AfterEach
  void dropEverythingCreated() {
    cleanup.forEach(Runnable::run);
  }

  private static Owner owner(String name) {
    return new Owner("uid-" + RUN + "-" + name, "qa/" + name, "qa/shop");
  }

  private String track(SchemaManager manager, String name, Owner... owners) {
    cleanup.add(
        () -> {
          for (Owner o : owners) manager.dispose(name, o, SchemaManager.Keep.DROP);
        });
    return name;
  }

  private static String name(BiFunction<BranchNames, String, String> naming, String branch) {
    return naming.apply(BranchNames.of(branch), "it" + RUN + "_{branch}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void ensureClaimsAndCreatesDisposeDropsAndForgets(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming) {
    Owner foo = owner("foo");
    String name = track(manager, name(naming, "qa/foo"), foo);

    assertThat(manager.exists(name)).isFalse();
    assertThat(manager.ensure(name, foo).owned()).isTrue();
    assertThat(manager.exists(name)).isTrue();
    assertThat(manager.holder(name)).get().satisfies(e -> assertThat(e.ownedBy(foo)).isTrue());
    assertThat(manager.ensure(name, foo).owned()).as("idempotent").isTrue();

    assertThat(manager.dispose(name, foo, SchemaManager.Keep.DROP).result())
        .isEqualTo(Disposal.Result.DROPPED);
    assertThat(manager.exists(name)).isFalse();
    assertThat(manager.holder(name)).isEmpty();
    assertThat(manager.dispose(name, foo, SchemaManager.Keep.DROP).result())
        .as("a second teardown has nothing of its own left")
        .isEqualTo(Disposal.Result.NOT_OWNED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void anotherObjectCanNeitherClaimNorDropALiveOnesSchema(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming)
      throws SQLException {
    Owner live = owner("live");
    Owner duplicate = new Owner("uid-" + RUN + "-dup", "qa/dup", "qa/shop");
    String name = track(manager, name(naming, "qa/live"), live);
    manager.ensure(name, live);
    seedRow(engine, name);

    Claim claim = manager.ensure(name, duplicate);
    Disposal disposal = manager.dispose(name, duplicate, SchemaManager.Keep.DROP);

    assertThat(claim.result()).isEqualTo(Claim.Result.TAKEN);
    assertThat(claim.holder().owner()).isEqualTo("qa/live");
    assertThat(disposal.result()).isEqualTo(Disposal.Result.NOT_OWNED);
    assertThat(countRows(engine, name)).as("the live environment's data").isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aSchemaSlipwayDidNotMakeIsNeitherUsedNorDropped(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming)
      throws SQLException {
    Owner foo = owner("foreign");
    String name = name(naming, "qa/foreign");
    sql(engine, engine.equals("mariadb") ? "CREATE DATABASE " + name : "CREATE SCHEMA " + name);
    cleanup.add(() -> dropDirectly(engine, name));
    seedRow(engine, name);

    assertThat(manager.ensure(name, foo).result()).isEqualTo(Claim.Result.FOREIGN);
    assertThat(manager.holder(name)).as("no claim was left behind").isEmpty();
    assertThat(manager.dispose(name, foo, SchemaManager.Keep.DROP).result())
        .isEqualTo(Disposal.Result.NOT_OWNED);
    assertThat(countRows(engine, name)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aSchemaKeptOnDeleteGoesToTheNextEnvironmentOfTheSameScopeOnly(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming)
      throws SQLException {
    Owner first = owner("kept");
    Owner sameScope = new Owner("uid-" + RUN + "-next", "qa/next", "qa/shop");
    Owner otherScope = new Owner("uid-" + RUN + "-blog", "qa/blog-kept", "qa/blog");
    String name = track(manager, name(naming, "qa/kept"), first, sameScope);
    manager.ensure(name, first);
    seedRow(engine, name);

    assertThat(manager.dispose(name, first, SchemaManager.Keep.RELEASE_TO_SCOPE).result())
        .isEqualTo(Disposal.Result.KEPT);
    assertThat(manager.ensure(name, otherScope).result()).isEqualTo(Claim.Result.TAKEN);
    assertThat(manager.ensure(name, sameScope).owned()).isTrue();
    assertThat(countRows(engine, name)).as("the kept data came along").isEqualTo(1);
    assertThat(manager.dispose(name, first, SchemaManager.Keep.DROP).result())
        .as("the first owner holds nothing any more")
        .isEqualTo(Disposal.Result.NOT_OWNED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void keepOwnedLeavesDataAndClaim(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming) {
    Owner foo = owner("expired");
    String name = track(manager, name(naming, "qa/expired"), foo);
    manager.ensure(name, foo);

    assertThat(manager.dispose(name, foo, SchemaManager.Keep.KEEP_OWNED).result())
        .isEqualTo(Disposal.Result.KEPT);
    assertThat(manager.exists(name)).isTrue();
    assertThat(manager.holder(name)).get().satisfies(e -> assertThat(e.ownedBy(foo)).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void everyTrickyBranchCreatesAndDropsItsOwnSchema(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming) {
    Owner owner = owner("tricky");
    List<String> names = new ArrayList<>();
    for (String branch : TrickyBranches.NAMES) {
      names.add(track(manager, name(naming, branch), owner));
    }
    assertThat(names).doesNotHaveDuplicates();

    names.forEach(n -> assertThat(manager.ensure(n, owner).owned()).isTrue());
    assertThat(names).allMatch(manager::exists);
    names.forEach(n -> manager.dispose(n, owner, SchemaManager.Keep.DROP));
    assertThat(names).noneMatch(manager::exists);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void concurrentClaimsOfOneNameHaveOneWinner(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming)
      throws Exception {
    List<Owner> owners = new ArrayList<>();
    for (int i = 0; i < 8; i++) owners.add(owner("race" + i));
    String name = track(manager, name(naming, "qa/race"), owners.toArray(Owner[]::new));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Claim> claims = new ArrayList<>();
    try {
      List<Future<Claim>> results = new ArrayList<>();
      for (Owner o : owners) results.add(pool.submit(() -> manager.ensure(name, o)));
      for (Future<Claim> result : results) claims.add(result.get(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertThat(claims).filteredOn(Claim::owned).hasSize(1);
    assertThat(claims).filteredOn(c -> !c.owned()).allMatch(c -> c.result() == Claim.Result.TAKEN);
    assertThat(manager.exists(name)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void twoManagersOfOneServerAgreeOnTheOwner(
      String engine, SchemaManager ignored, BiFunction<BranchNames, String, String> naming) {
    // Two replicas that both think they lead: separate connections, one ledger.
    SchemaManager a = fresh(engine);
    SchemaManager b = fresh(engine);
    Owner first = owner("replica-a");
    Owner second = owner("replica-b");
    String name = track(a, name(naming, "qa/replicas"), first, second);
    try {
      assertThat(a.ensure(name, first).owned()).isTrue();
      assertThat(b.ensure(name, second).result()).isEqualTo(Claim.Result.TAKEN);
      assertThat(b.ensure(name, first).owned()).isTrue();
    } finally {
      b.close();
    }
  }

  @Test
  void aPassThatFindsTheDatabaseOwnedSendsNoDdl() throws SQLException {
    MySqlSchemaManager manager =
        new MySqlSchemaManager("127.0.0.1", 3306, new DbCredentials("root", ""));
    Owner foo = owner("quiet");
    String name = track(manager, name(BranchNames::mysqlDatabase, "qa/quiet"), foo);
    manager.ensure(name, foo);
    long before = manager.createStatements();
    long serverBefore = globalStatus("Com_create_db");

    for (int i = 0; i < 5; i++) assertThat(manager.ensure(name, foo).owned()).isTrue();

    assertThat(manager.createStatements()).isEqualTo(before);
    assertThat(globalStatus("Com_create_db")).isEqualTo(serverBefore);
  }

  @Test
  void aClaimWhoseCreateWasInterruptedIsFinishedByItsOwner() throws SQLException {
    MySqlSchemaManager manager =
        new MySqlSchemaManager("127.0.0.1", 3306, new DbCredentials("root", ""));
    Owner foo = owner("crashed");
    String name = track(manager, name(BranchNames::mysqlDatabase, "qa/crashed"), foo);
    String other = track(manager, name(BranchNames::mysqlDatabase, "qa/other"), foo);
    manager.ensure(other, foo);
    // The state a crash between the claim and CREATE DATABASE leaves: a row, no database.
    sql(
        "mariadb",
        "INSERT INTO slipway_ledger.schemas (name, owner_uid, owner, scope) VALUES ('"
            + name
            + "', '"
            + foo.uid()
            + "', 'qa/crashed', 'qa/shop')");

    assertThat(manager.ensure(name, owner("thief")).result()).isEqualTo(Claim.Result.TAKEN);
    assertThat(manager.ensure(name, foo).owned()).isTrue();
    assertThat(manager.exists(name)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aConnectionTheServerClosedIsReplaced(
      String engine, SchemaManager ignored, BiFunction<BranchNames, String, String> naming)
      throws SQLException {
    // A user of its own, so killing its connections touches nobody else's.
    String user = "slwit_" + RUN;
    sql(
        engine,
        engine.equals("mariadb")
            ? "CREATE USER '" + user + "'@'%'"
            : "CREATE ROLE " + user + " LOGIN");
    SchemaManager manager =
        engine.equals("mariadb")
            ? new MySqlSchemaManager("127.0.0.1", 3306, new DbCredentials(user, ""))
            : new PostgresSchemaManager("127.0.0.1", 5432, "test", new DbCredentials(user, ""));
    try {
      assertThat(manager.exists("qa_warm_up")).isFalse();
      assertThat(killConnectionsOf(engine, user)).isPositive();
      assertThat(manager.exists("qa_after_kill")).isFalse();
    } finally {
      manager.close();
      sql(engine, engine.equals("mariadb") ? "DROP USER '" + user + "'@'%'" : "DROP ROLE " + user);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void maxConnectionsIsReadFromTheServer(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming) {
    assertThat(manager.maxConnections()).isPositive();
  }

  static Stream<Arguments> managersWithHostileNames() {
    List<String> hostile =
        List.of(
            "qa`; DROP DATABASE test; --",
            "qa\"; DROP SCHEMA public CASCADE; --",
            "qa'foo",
            "qa;foo",
            "Qa_Foo",
            "qa foo",
            "public",
            "mysql",
            "information_schema",
            "pg_catalog",
            "slipway_ledger");
    return engines()
        .flatMap(e -> hostile.stream().map(name -> Arguments.of(e.get()[0], e.get()[1], name)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("managersWithHostileNames")
  void identifiersOutsideTheSlugShapeAreRefusedBeforeAnySql(
      String engine, SchemaManager manager, String name) {
    Owner o = owner("hostile");
    assertThatThrownBy(() -> manager.ensure(name, o)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> manager.dispose(name, o, SchemaManager.Keep.DROP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> manager.exists(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("managersWithHostileNames")
  void refusalHappensWithoutEvenConnecting(String engine, SchemaManager ignored, String name) {
    // Port 1 has no server: an IllegalArgumentException (not a connection error) proves no SQL ran.
    DbCredentials nobody = new DbCredentials("nobody", "");
    SchemaManager unreachable =
        engine.equals("mariadb")
            ? new MySqlSchemaManager("127.0.0.1", 1, nobody)
            : new PostgresSchemaManager("127.0.0.1", 1, "test", nobody);
    assertThatThrownBy(() -> unreachable.ensure(name, owner("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing SQL identifier");
    assertThatThrownBy(unreachable::maxConnections)
        .isInstanceOf(DatastoreException.class)
        .matches(e -> ((DatastoreException) e).unavailable(), "is reported as unavailable");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void connectionErrorsNameTheTargetButNotThePassword(
      String engine, SchemaManager ignored, BiFunction<BranchNames, String, String> naming) {
    DbCredentials wrong = new DbCredentials("slipway_no_such_user", "pw-must-not-leak");
    SchemaManager manager =
        engine.equals("mariadb")
            ? new MySqlSchemaManager("127.0.0.1", 3306, wrong)
            : new PostgresSchemaManager("127.0.0.1", 1, "test", wrong);
    assertThatThrownBy(manager::maxConnections)
        .isInstanceOf(DatastoreException.class)
        .hasMessageContaining("127.0.0.1")
        .hasMessageNotContaining("pw-must-not-leak");
  }

  private static SchemaManager fresh(String engine) {
    return engine.equals("mariadb")
        ? new MySqlSchemaManager("127.0.0.1", 3306, new DbCredentials("root", ""))
        : new PostgresSchemaManager("127.0.0.1", 5432, "test", new DbCredentials("postgres", ""));
  }

  private static Connection connect(String engine) throws SQLException {
    return engine.equals("mariadb")
        ? DriverManager.getConnection(MARIADB, "root", "")
        : DriverManager.getConnection(POSTGRES, "postgres", "");
  }

  private static void sql(String engine, String sql) throws SQLException {
    try (Connection c = connect(engine);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void seedRow(String engine, String schema) throws SQLException {
    sql(engine, "CREATE TABLE " + schema + ".seed (id INT PRIMARY KEY)");
    sql(engine, "INSERT INTO " + schema + ".seed VALUES (1)");
  }

  private static int countRows(String engine, String schema) throws SQLException {
    try (Connection c = connect(engine);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".seed")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void dropDirectly(String engine, String name) {
    try {
      sql(
          engine,
          engine.equals("mariadb")
              ? "DROP DATABASE IF EXISTS " + name
              : "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long globalStatus(String variable) throws SQLException {
    try (Connection c = connect("mariadb");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + variable + "'")) {
      rs.next();
      return rs.getLong(2);
    }
  }

  /** What a server restart or an idle timeout does to a manager's kept connection. */
  private static int killConnectionsOf(String engine, String user) throws SQLException {
    try (Connection c = connect(engine);
        Statement s = c.createStatement()) {
      List<Long> ids = new ArrayList<>();
      String query =
          engine.equals("mariadb")
              ? "SELECT id FROM information_schema.processlist WHERE user = '" + user + "'"
              : "SELECT pid FROM pg_stat_activity WHERE usename = '" + user + "'";
      try (ResultSet rs = s.executeQuery(query)) {
        while (rs.next()) ids.add(rs.getLong(1));
      }
      for (long id : ids) {
        s.execute(
            engine.equals("mariadb") ? "KILL " + id : "SELECT pg_terminate_backend(" + id + ")");
      }
      return ids.size();
    }
  }
}
