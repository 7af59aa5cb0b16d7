package dev.slipway.datastore;

import java.sql.SQLException;
import java.util.Properties;

/** A schema per branch inside one PostgreSQL database, so app and admin roles see the same data. */
public final class PostgresSchemaManager implements SchemaManager {
  /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
  public static final int MAX_NAME_LENGTH = 63;

  private final Jdbc jdbc;

  public PostgresSchemaManager(String host, int port, String database, DbCredentials credentials) {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.user());
    properties.setProperty("password", credentials.password());
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "5");
    properties.setProperty("socketTimeout", String.valueOf(Jdbc.QUERY_TIMEOUT_SECONDS + 5));
    this.jdbc = new Jdbc(Jdbc.url("postgresql", host, port, database), properties);
  }

  @Override
  public void ensure(String name) {
    try {
      jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + quoted(name));
    } catch (DatastoreException e) {
      if (!lostCreateRace(e) || !exists(name)) {
        throw e;
      }
    }
  }

  /**
   * IF NOT EXISTS still races with a concurrent CREATE of the same schema (unique violation on
   * pg_namespace, or duplicate_schema); the schema then exists, which is all ensure promises.
   */
  private static boolean lostCreateRace(DatastoreException e) {
    return e.getCause() instanceof SQLException sql
        && ("23505".equals(sql.getSQLState()) || "42P06".equals(sql.getSQLState()));
  }

  @Override
  public void drop(String name) {
    jdbc.execute("DROP SCHEMA IF EXISTS " + quoted(name) + " CASCADE");
  }

  @Override
  public boolean exists(String name) {
    quoted(name);
    return jdbc.anyRow("SELECT 1 FROM pg_namespace WHERE nspname = ?", name);
  }

  @Override
  public int maxConnections() {
    return Integer.parseInt(jdbc.firstValue("SHOW max_connections").trim());
  }

  private static String quoted(String name) {
    return SqlIdentifiers.quoted(name, MAX_NAME_LENGTH, '"');
  }

  @Override
  public String toString() {
    return "PostgresSchemaManager[" + jdbc + "]";
  }
}
