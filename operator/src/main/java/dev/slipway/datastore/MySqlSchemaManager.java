package dev.slipway.datastore;

import java.util.Properties;

/** A database per branch on a MySQL/MariaDB server, through the MariaDB driver (speaks both). */
public final class MySqlSchemaManager implements SchemaManager {
  /** MySQL's identifier limit. */
  public static final int MAX_NAME_LENGTH = 64;

  private final Jdbc jdbc;

  public MySqlSchemaManager(String host, int port, DbCredentials credentials) {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.user());
    properties.setProperty("password", credentials.password());
    properties.setProperty("connectTimeout", "5000");
    properties.setProperty(
        "socketTimeout", String.valueOf(Jdbc.QUERY_TIMEOUT_SECONDS * 1000 + 5000));
    this.jdbc = new Jdbc(Jdbc.url("mariadb", host, port, ""), properties);
  }

  @Override
  public void ensure(String name) {
    jdbc.execute(
        "CREATE DATABASE IF NOT EXISTS "
            + quoted(name)
            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  }

  @Override
  public void drop(String name) {
    jdbc.execute("DROP DATABASE IF EXISTS " + quoted(name));
  }

  @Override
  public boolean exists(String name) {
    quoted(name);
    return jdbc.anyRow("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?", name);
  }

  @Override
  public int maxConnections() {
    return Integer.parseInt(jdbc.firstValue("SELECT @@max_connections").trim());
  }

  private static String quoted(String name) {
    return SqlIdentifiers.quoted(name, MAX_NAME_LENGTH, '`');
  }

  @Override
  public String toString() {
    return "MySqlSchemaManager[" + jdbc + "]";
  }
}
