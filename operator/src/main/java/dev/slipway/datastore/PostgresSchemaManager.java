package dev.slipway.datastore;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A schema per branch inside one PostgreSQL database, so app and admin roles see the same data. The
 * ownership ledger is the table {@code slipway_ledger.schemas} in that database; PostgreSQL's DDL
 * is transactional, so a claim and its schema are created, and dropped, together.
 */
public final class PostgresSchemaManager extends LedgeredSchemas {
  /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
  public static final int MAX_NAME_LENGTH = 63;

  /** duplicate_schema: the name exists already. */
  private static final String DUPLICATE_SCHEMA = "42P06";

  public PostgresSchemaManager(String host, int port, String database, DbCredentials credentials) {
    super(new Jdbc(Jdbc.url("postgresql", host, port, database), properties(credentials)), 63, '"');
  }

  private static Properties properties(DbCredentials credentials) {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.user());
    properties.setProperty("password", credentials.password());
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "5");
    properties.setProperty("socketTimeout", String.valueOf(Jdbc.QUERY_TIMEOUT_SECONDS + 5));
    return properties;
  }

  @Override
  protected List<String> ledgerDdl() {
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + LEDGER,
        "CREATE TABLE IF NOT EXISTS "
            + table()
            + " (name VARCHAR(63) NOT NULL PRIMARY KEY, owner_uid VARCHAR(64) NOT NULL,"
            + " owner VARCHAR(320) NOT NULL, scope VARCHAR(320) NOT NULL,"
            + " retained BOOLEAN NOT NULL DEFAULT FALSE,"
            + " claimed_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  }

  /**
   * Claim and CREATE SCHEMA in one transaction: both happen or neither. A concurrent claim of the
   * same name waits on the row and then finds it taken; a schema that exists without a row makes
   * the CREATE fail, the claim roll back, and the answer FOREIGN.
   */
  @Override
  protected Claim claimAndCreate(String name, Owner owner) {
    String quoted = quoted(name);
    try {
      return jdbc.inTransaction(
          "claim " + name,
          c -> {
            int inserted =
                Jdbc.update(
                    c,
                    "INSERT INTO " + table() + " " + insertColumns() + " ON CONFLICT DO NOTHING",
                    row(name, owner));
            Optional<LedgerEntry> entry = holder(c, name);
            if (inserted == 0 || entry.isEmpty()) {
              return entry
                  .map(e -> e.ownedBy(owner) ? Claim.owned(e) : Claim.taken(e))
                  .orElseThrow(() -> new SQLException("ledger row for " + name + " vanished"));
            }
            Jdbc.execute(c, "CREATE SCHEMA " + quoted);
            return Claim.owned(entry.get());
          });
    } catch (DatastoreException e) {
      if (e.getCause() instanceof SQLException sql && DUPLICATE_SCHEMA.equals(sql.getSQLState())) {
        return Claim.foreign();
      }
      throw e;
    }
  }

  @Override
  protected void dropOwned(String name, String quoted, Owner owner) {
    jdbc.inTransaction(
        "drop " + name,
        c -> {
          Jdbc.execute(c, dropSql(quoted));
          return Jdbc.update(
              c, "DELETE FROM " + table() + " WHERE name = ? AND owner_uid = ?", name, owner.uid());
        });
  }

  @Override
  protected String createSql(String quotedName) {
    return "CREATE SCHEMA IF NOT EXISTS " + quotedName;
  }

  @Override
  protected String dropSql(String quotedName) {
    return "DROP SCHEMA IF EXISTS " + quotedName + " CASCADE";
  }

  @Override
  protected String existsSql() {
    return "SELECT 1 FROM pg_namespace WHERE nspname = ?";
  }

  @Override
  protected String maxConnectionsSql() {
    return "SHOW max_connections";
  }

  @Override
  public String toString() {
    return "PostgresSchemaManager[" + jdbc + "]";
  }
}
