package dev.slipway.datastore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One short-lived connection per call: the operator touches the staging server a few times per
 * environment, so a pool would only hold connections the branches themselves need.
 */
final class Jdbc {
  static final int QUERY_TIMEOUT_SECONDS = 30;

  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]+$|^\\[[0-9A-Fa-f:.]+]$");
  private static final Pattern DATABASE = Pattern.compile("^[A-Za-z0-9_-]{1,63}$");

  private final String url;
  private final Properties properties;

  /** {@code url} must carry no credentials: it is used in error messages. */
  Jdbc(String url, Properties properties) {
    this.url = url;
    this.properties = properties;
  }

  /**
   * {@code jdbc:<scheme>://host:port/database}, refusing hosts and database names that could
   * smuggle driver options (such as {@code ?allowLoadLocalInfile=true}) into the URL.
   */
  static String url(String scheme, String host, int port, String database) {
    if (host == null || !HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("database host '" + host + "' is not a host name or IP");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("database port " + port + " is out of range");
    }
    if (!database.isEmpty() && !DATABASE.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "database name '" + database + "' must match [A-Za-z0-9_-]{1,63}");
    }
    return "jdbc:" + scheme + "://" + host + ":" + port + "/" + database;
  }

  void execute(String sql) {
    run(
        sql,
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.execute(sql);
            return null;
          }
        });
  }

  /** Whether a parameterized query returns at least one row. */
  boolean anyRow(String sql, String parameter) {
    return run(
        sql,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next();
            }
          }
        });
  }

  /** The first column of the first row, as text. */
  String firstValue(String sql) {
    return run(
        sql,
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rows = statement.executeQuery(sql)) {
              if (!rows.next()) {
                throw new SQLException("no row");
              }
              return rows.getString(1);
            }
          }
        });
  }

  private <T> T run(String sql, SqlWork<T> work) {
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw new DatastoreException(
          sql + " failed on " + url + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")",
          e);
    }
  }

  /** A unit of JDBC work on an open connection. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  @Override
  public String toString() {
    return "Jdbc[" + url + "]";
  }
}
