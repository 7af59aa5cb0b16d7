package dev.slipway.datastore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * One connection per database server, kept open and shared by every pass: the operator touches the
 * staging server a few times per environment, so a connection per call would cost a TLS handshake
 * and a login each time, and a pool of several would only hold connections the branches need. Calls
 * are serialized on the connection; a connection the server dropped is replaced once per call.
 */
final class Jdbc implements AutoCloseable {
  static final int QUERY_TIMEOUT_SECONDS = 30;

  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]+$|^\\[[0-9A-Fa-f:.]+]$");
  private static final Pattern DATABASE = Pattern.compile("^[A-Za-z0-9_-]{1,63}$");

  private final String url;
  private final Properties properties;
  private final Map<String, AtomicLong> statements = new ConcurrentHashMap<>();
  private Connection connection;

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

  /** Runs one statement without parameters. */
  void execute(String sql) {
    run(
        sql,
        c -> {
          execute(c, sql);
          return null;
        });
  }

  /** Runs a parameterized update; returns the affected row count. */
  int update(String sql, String... parameters) {
    return run(sql, c -> update(c, sql, parameters));
  }

  /** The rows of a parameterized query, each as its columns' text. */
  List<List<String>> query(String sql, String... parameters) {
    return run(sql, c -> query(c, sql, parameters));
  }

  /** Whether a parameterized query returns at least one row. */
  boolean anyRow(String sql, String... parameters) {
    return !query(sql, parameters).isEmpty();
  }

  /** The first column of the first row, as text. */
  String firstValue(String sql) {
    List<List<String>> rows = query(sql);
    if (rows.isEmpty()) {
      throw new DatastoreException(sql + " returned no row on " + url, null);
    }
    return rows.get(0).get(0);
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws.
   * Only PostgreSQL makes DDL transactional; on MySQL a DDL statement commits what came before.
   */
  <T> T inTransaction(String what, SqlWork<T> work) {
    return run(
        what,
        c -> {
          c.setAutoCommit(false);
          try {
            T result = work.apply(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  /** Statements run so far by leading verb (CREATE, DROP, SELECT…): what a pass cost the server. */
  long statements(String verb) {
    AtomicLong n = statements.get(verb.toUpperCase(Locale.ROOT));
    return n == null ? 0 : n.get();
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement statement = c.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.execute(sql);
    }
  }

  static int update(Connection c, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(c, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  static List<List<String>> query(Connection c, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(c, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      int columns = rows.getMetaData().getColumnCount();
      List<List<String>> out = new ArrayList<>();
      while (rows.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) row.add(rows.getString(i));
        out.add(row);
      }
      return out;
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, String... parameters)
      throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    for (int i = 0; i < parameters.length; i++) statement.setString(i + 1, parameters[i]);
    return statement;
  }

  /**
   * Runs {@code work} on the shared connection. If a connection that was already open fails as a
   * connection (the server restarted, an idle timeout closed it), the work runs once more on a
   * fresh one: every statement Slipway sends is safe to repeat.
   */
  private synchronized <T> T run(String what, SqlWork<T> work) {
    count(what);
    boolean reused = connection != null;
    try {
      return work.apply(connection());
    } catch (SQLException e) {
      if (!isConnectionFailure(e) && !closed()) throw failure(what, e, false);
      discard();
      if (!reused) throw failure(what, e, true);
      try {
        return work.apply(connection());
      } catch (SQLException again) {
        boolean lost = isConnectionFailure(again) || closed();
        if (lost) discard();
        throw failure(what, again, lost);
      }
    }
  }

  /** A driver closes a connection the server ended (e.g. PostgreSQL's admin shutdown, 57P01). */
  private boolean closed() {
    try {
      return connection != null && connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) connection = DriverManager.getConnection(url, properties);
    return connection;
  }

  private void count(String sql) {
    String verb = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    statements.computeIfAbsent(verb, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * SQLState class 08 is "connection exception" in both drivers; 57P01-57P03 are PostgreSQL's "the
   * server is shutting down or ended this session".
   */
  static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && (state.startsWith("08") || state.matches("57P0[123]")));
  }

  private DatastoreException failure(String what, SQLException e, boolean unavailable) {
    String summary = what.length() > 120 ? what.substring(0, 120) + "…" : what;
    return new DatastoreException(
        summary
            + " failed on "
            + url
            + ": "
            + e.getMessage()
            + " (SQLState "
            + e.getSQLState()
            + ")",
        e,
        unavailable || isConnectionFailure(e));
  }

  private void discard() {
    Connection old = connection;
    connection = null;
    if (old == null) return;
    try {
      old.close();
    } catch (SQLException ignored) {
      // Already broken; nothing more to release.
    }
  }

  @Override
  public synchronized void close() {
    discard();
  }

  /** A unit of JDBC work on an open connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  @Override
  public String toString() {
    return "Jdbc[" + url + "]";
  }
}
