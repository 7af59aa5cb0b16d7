package dev.slipway.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.environment.BranchNames;
import dev.slipway.environment.TrickyBranches;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Branch databases/schemas on the real MariaDB and PostgreSQL of this machine (and CI). */
class SchemaManagerIT {
  /** Unique per run so parallel runs and leftovers never collide; every test drops what it made. */
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

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

  private String track(SchemaManager manager, String name) {
    cleanup.add(() -> manager.drop(name));
    return name;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void createExistsIdempotentCreateDropNotExists(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming) {
    String name = track(manager, naming.apply(BranchNames.of("qa/foo"), "it" + RUN + "_{branch}"));

    assertThat(manager.exists(name)).isFalse();
    manager.ensure(name);
    assertThat(manager.exists(name)).isTrue();
    manager.ensure(name);
    assertThat(manager.exists(name)).isTrue();
    manager.drop(name);
    assertThat(manager.exists(name)).isFalse();
    manager.drop(name);
    assertThat(manager.exists(name)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void everyTrickyBranchCreatesAndDropsItsOwnSchema(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming) {
    List<String> names = new ArrayList<>();
    for (String branch : TrickyBranches.NAMES) {
      names.add(track(manager, naming.apply(BranchNames.of(branch), "it" + RUN + "_{branch}")));
    }
    assertThat(names).doesNotHaveDuplicates();

    names.forEach(manager::ensure);
    assertThat(names).allMatch(manager::exists);
    names.forEach(manager::drop);
    assertThat(names).noneMatch(manager::exists);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void droppingOneBranchLeavesTheOther(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming) {
    String foo = track(manager, naming.apply(BranchNames.of("qa/foo"), "it" + RUN + "_{branch}"));
    String other = track(manager, naming.apply(BranchNames.of("qa-foo"), "it" + RUN + "_{branch}"));
    manager.ensure(foo);
    manager.ensure(other);

    manager.drop(foo);

    assertThat(manager.exists(foo)).isFalse();
    assertThat(manager.exists(other)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void concurrentEnsuresOfOneNameAllSucceed(
      String engine, SchemaManager manager, BiFunction<BranchNames, String, String> naming)
      throws Exception {
    String name = track(manager, naming.apply(BranchNames.of("qa/race"), "it" + RUN + "_{branch}"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> manager.ensure(name)));
      }
      for (Future<?> result : results) {
        result.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(manager.exists(name)).isTrue();
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
            "pg_catalog");
    return engines()
        .flatMap(e -> hostile.stream().map(name -> Arguments.of(e.get()[0], e.get()[1], name)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("managersWithHostileNames")
  void identifiersOutsideTheSlugShapeAreRefusedBeforeAnySql(
      String engine, SchemaManager manager, String name) {
    assertThatThrownBy(() -> manager.ensure(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> manager.drop(name)).isInstanceOf(IllegalArgumentException.class);
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
    assertThatThrownBy(() -> unreachable.ensure(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing SQL identifier");
    assertThatThrownBy(unreachable::maxConnections).isInstanceOf(DatastoreException.class);
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
}
