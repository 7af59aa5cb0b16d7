package dev.slipway.stateful;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine's MariaDB, PostgreSQL and Redis as one sequence uses them: the operator reaches them
 * only through this sequence's own {@link TcpProxy}s, which the test can cut, while the invariants
 * read them directly (past the proxies and past Slipway's own datastore code, so a bug there cannot
 * hide itself). Branch data lives in Redis DB {@value #REDIS_DB}, which no other test uses.
 */
final class Datastores implements AutoCloseable {
  static final int REDIS_DB = 13;
  static final String PROBE_TABLE = "stateful_probe";

  /** A datastore the test can make unavailable. */
  enum Store {
    MYSQL,
    POSTGRESQL,
    REDIS
  }

  private final TcpProxy mysqlProxy = new TcpProxy("mariadb", 3306);
  private final TcpProxy postgresProxy = new TcpProxy("postgresql", 5432, true);
  private final TcpProxy redisProxy = new TcpProxy("redis", 6379);

  /** One client (event loops and all) for every sequence; each opens its own connection. */
  private static RedisClient shared;

  private Connection mysql;
  private Connection postgres;
  private StatefulRedisConnection<String, String> redis;

  /** host:port (SQL) or redis:// URL the operator is given: the proxy's. */
  String endpoint(Store store) {
    return switch (store) {
      case MYSQL -> "127.0.0.1:" + mysqlProxy.port();
      case POSTGRESQL -> "127.0.0.1:" + postgresProxy.port();
      case REDIS -> "redis://127.0.0.1:" + redisProxy.port();
    };
  }

  static Store storeOf(Engine engine) {
    return engine == Engine.MYSQL ? Store.MYSQL : Store.POSTGRESQL;
  }

  /** Told about every connection the operator opens (the test's own bypass the proxies). */
  void onOperatorConnection(Runnable listener) {
    List.of(mysqlProxy, postgresProxy, redisProxy).forEach(p -> p.onConnection(listener));
  }

  /** Told every SQL statement the operator sends (on the proxy's thread, before the server). */
  void onStatement(java.util.function.BiConsumer<Engine, String> listener) {
    mysqlProxy.readClients(() -> WireStatements.mysql(sql -> listener.accept(Engine.MYSQL, sql)));
    postgresProxy.readClients(
        () -> WireStatements.postgres(sql -> listener.accept(Engine.POSTGRESQL, sql)));
  }

  void cut(Store store) {
    proxy(store).cut();
  }

  void restore(Store store) {
    proxy(store).restore();
  }

  void restoreAll() {
    List.of(mysqlProxy, postgresProxy, redisProxy).forEach(TcpProxy::restore);
  }

  boolean isCut(Store store) {
    return proxy(store).isCut();
  }

  boolean anyCut() {
    return mysqlProxy.isCut() || postgresProxy.isCut() || redisProxy.isCut();
  }

  /** Schemas (MySQL databases) whose name starts with {@code prefix} or {@code pg_<prefix>}. */
  List<String> schemas(Engine engine, String prefix) {
    String sql =
        engine == Engine.MYSQL
            ? "SELECT schema_name FROM information_schema.schemata"
            : "SELECT nspname FROM pg_namespace";
    List<String> names = new ArrayList<>();
    try (Statement s = sql(engine).createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        String name = rows.getString(1);
        if (name.startsWith(prefix) || name.startsWith("pg_" + prefix)) names.add(name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list " + engine + " schemas", e);
    }
    return names;
  }

  /** Writes a table and a row owned by {@code owner} into a branch's schema. */
  void seedProbe(Engine engine, String schema, String owner) throws SQLException {
    String table = quoted(engine, schema) + "." + PROBE_TABLE;
    try (Statement s = sql(engine).createStatement()) {
      s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, owner VARCHAR(64))");
    }
    try (PreparedStatement insert =
        sql(engine).prepareStatement("INSERT INTO " + table + " VALUES (1, ?)")) {
      insert.setString(1, owner);
      insert.executeUpdate();
    }
  }

  /** The owner written by {@link #seedProbe}, if that table and row are still there. */
  Optional<String> probe(Engine engine, String schema) {
    String sql =
        "SELECT owner FROM " + quoted(engine, schema) + "." + PROBE_TABLE + " WHERE id = 1";
    try (Statement s = sql(engine).createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      // Unknown database / schema / table: the probe is gone.
      return Optional.empty();
    }
  }

  void dropSchema(Engine engine, String schema) {
    String ddl =
        engine == Engine.MYSQL
            ? "DROP DATABASE IF EXISTS " + quoted(engine, schema)
            : "DROP SCHEMA IF EXISTS " + quoted(engine, schema) + " CASCADE";
    try (Statement s = sql(engine).createStatement()) {
      s.execute(ddl);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop " + schema, e);
    }
  }

  void setKey(String key, String value) {
    redis().sync().set(key, value);
  }

  Optional<String> getKey(String key) {
    return Optional.ofNullable(redis().sync().get(key));
  }

  /** Keys of DB {@value #REDIS_DB} starting with {@code prefix}, by SCAN. */
  List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    ScanArgs args = ScanArgs.Builder.matches(prefix + "*").limit(500);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis().sync().scan(cursor, args);
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }

  void deleteKeys(String prefix) {
    List<String> keys = keys(prefix);
    if (!keys.isEmpty()) redis().sync().del(keys.toArray(new String[0]));
  }

  private TcpProxy proxy(Store store) {
    return switch (store) {
      case MYSQL -> mysqlProxy;
      case POSTGRESQL -> postgresProxy;
      case REDIS -> redisProxy;
    };
  }

  private Connection sql(Engine engine) throws SQLException {
    if (engine == Engine.MYSQL) {
      if (mysql == null || !mysql.isValid(2)) {
        mysql = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
      }
      return mysql;
    }
    if (postgres == null || !postgres.isValid(2)) {
      postgres =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:5432/test?sslmode=disable", "root", "");
    }
    return postgres;
  }

  private StatefulRedisConnection<String, String> redis() {
    if (redis == null || !redis.isOpen()) {
      redis =
          sharedRedis()
              .connect(io.lettuce.core.RedisURI.create("redis://127.0.0.1:6379/" + REDIS_DB));
    }
    return redis;
  }

  /** Test-made names only ever hold [a-z0-9_]; refuse anything else rather than quote it. */
  private static String quoted(Engine engine, String schema) {
    if (!schema.matches("[a-z0-9_]+")) throw new IllegalArgumentException("odd schema " + schema);
    return engine == Engine.MYSQL ? "`" + schema + "`" : "\"" + schema + "\"";
  }

  @Override
  public void close() {
    List.of(mysqlProxy, postgresProxy, redisProxy).forEach(TcpProxy::close);
    try {
      if (mysql != null) mysql.close();
      if (postgres != null) postgres.close();
    } catch (SQLException e) {
      // Closing anyway.
    }
    if (redis != null) redis.close();
  }

  private static synchronized RedisClient sharedRedis() {
    if (shared == null) shared = RedisClient.create();
    return shared;
  }

  /**
   * At the end of a test class: the shared Redis client's threads go (the next class starts one).
   */
  static synchronized void shutdown() {
    if (shared != null) shared.shutdown();
    shared = null;
  }
}
