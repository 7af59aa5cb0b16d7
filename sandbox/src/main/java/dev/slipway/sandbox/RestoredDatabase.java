package dev.slipway.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Stands the machine's MariaDB or PostgreSQL in for a restored Aurora cluster: when the simulator
 * says a restore finished, {@link #reload} does to the local server what a restore does to the
 * cluster's endpoint. The branch schemas that lived in the old data (those of the ledger whose
 * names start with a prefix) disappear with their ledger rows, and production's data (a small
 * fixture) appears, so branch environments really have to make their schemas again.
 */
public final class RestoredDatabase {
  private final String url;
  private final Properties credentials;
  private final boolean postgres;
  private final String prefix;

  private RestoredDatabase(String url, Properties credentials, boolean postgres, String prefix) {
    this.url = url;
    this.credentials = credentials;
    this.postgres = postgres;
    this.prefix = prefix;
  }

  /** The local MariaDB (root, no password), for schemas named {@code prefix…}. */
  public static RestoredDatabase mysql(String prefix) {
    Properties p = new Properties();
    p.setProperty("user", "root");
    p.setProperty("password", "");
    return new RestoredDatabase("jdbc:mariadb://127.0.0.1:3306/", p, false, prefix);
  }

  /**
   * The local PostgreSQL's database {@code database} (trust), for schemas named {@code prefix…}.
   */
  public static RestoredDatabase postgres(String database, String prefix) {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    return new RestoredDatabase("jdbc:postgresql://127.0.0.1:5432/" + database, p, true, prefix);
  }

  /** Replaces the data as a restore would; returns the schemas that went. */
  public synchronized List<String> reload() {
    try (Connection c = DriverManager.getConnection(url, credentials);
        Statement s = c.createStatement()) {
      List<String> gone = new ArrayList<>();
      if (ledgerExists(c)) {
        try (ResultSet rs =
            s.executeQuery("SELECT name FROM slipway_ledger.schemas ORDER BY name")) {
          while (rs.next()) {
            if (rs.getString(1).startsWith(prefix)) gone.add(rs.getString(1));
          }
        }
      }
      for (String schema : gone) {
        String q = quote(schema);
        s.execute(
            postgres ? "DROP SCHEMA IF EXISTS " + q + " CASCADE" : "DROP DATABASE IF EXISTS " + q);
        s.execute("DELETE FROM slipway_ledger.schemas WHERE name = '" + schema + "'");
      }
      loadFixture(s);
      return gone;
    } catch (SQLException e) {
      throw new IllegalStateException("could not stand in for the restored database: " + e, e);
    }
  }

  /** Production's data, as far as the sandbox needs it: one table with a few rows. */
  private void loadFixture(Statement s) throws SQLException {
    String schema = quote(prefix + "production");
    if (postgres) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
    } else {
      s.execute("DROP DATABASE IF EXISTS " + schema);
      s.execute("CREATE DATABASE " + schema);
    }
    s.execute("CREATE TABLE " + schema + ".customers (id INT PRIMARY KEY, name VARCHAR(64))");
    s.execute(
        "INSERT INTO "
            + schema
            + ".customers VALUES (1, 'Hatena'), (2, 'Kyoto Office'), (3, 'Tokyo Office')");
  }

  private boolean ledgerExists(Connection c) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, "slipway_ledger");
      ps.setString(2, "schemas");
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private String quote(String name) {
    if (!name.matches("[A-Za-z0-9_]{1,63}")) {
      throw new IllegalArgumentException("not a plain schema name: " + name);
    }
    return postgres ? "\"" + name + "\"" : "`" + name + "`";
  }
}
