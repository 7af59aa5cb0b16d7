package dev.slipway.e2e;

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
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's MariaDB (root, no password) and Redis as the E2E tests see them: read directly, not
 * through Slipway's own datastore code, so a bug there cannot hide itself.
 */
final class LocalDatastores {
  static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
  static final String REDIS = "redis://127.0.0.1:6379/";

  private LocalDatastores() {}

  static boolean schemaExists(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(MARIADB, "root", "");
        PreparedStatement q =
            c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      q.setString(1, schema);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Drops a schema a test made and its ownership claim (names come from Slipway's status). */
  static void dropSchema(String schema) throws SQLException {
    if (!schema.matches("[a-z0-9_]+")) throw new IllegalArgumentException(schema);
    try (Connection c = DriverManager.getConnection(MARIADB, "root", "")) {
      c.createStatement().execute("DROP DATABASE IF EXISTS `" + schema + "`");
      try (PreparedStatement forget =
          c.prepareStatement("DELETE FROM slipway_ledger.schemas WHERE name = ?")) {
        forget.setString(1, schema);
        forget.executeUpdate();
      } catch (SQLException noLedgerYet) {
        // No environment was ever claimed on this server: nothing to forget.
      }
    }
  }

  static void setRedisKey(int database, String key, String value) {
    try (RedisClient client = RedisClient.create(REDIS + database);
        StatefulRedisConnection<String, String> redis = client.connect()) {
      redis.sync().set(key, value);
    }
  }

  /** Keys starting with {@code prefix} (SCAN, as KEYS would block a shared server). */
  static List<String> redisKeys(int database, String prefix) {
    List<String> keys = new ArrayList<>();
    try (RedisClient client = RedisClient.create(REDIS + database);
        StatefulRedisConnection<String, String> redis = client.connect()) {
      ScanArgs args = ScanArgs.Builder.matches(globEscaped(prefix) + "*").limit(500);
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.sync().scan(cursor, args);
        keys.addAll(page.getKeys());
        cursor = page;
      } while (!cursor.isFinished());
    }
    return keys;
  }

  static void deleteRedisKeys(int database, String prefix) {
    List<String> keys = redisKeys(database, prefix);
    if (keys.isEmpty()) return;
    try (RedisClient client = RedisClient.create(REDIS + database);
        StatefulRedisConnection<String, String> redis = client.connect()) {
      redis.sync().del(keys.toArray(String[]::new));
    }
  }

  private static String globEscaped(String literal) {
    return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
