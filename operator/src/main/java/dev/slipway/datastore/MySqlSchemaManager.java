package dev.slipway.datastore;

import java.util.List;
import java.util.Properties;

/**
 * A database per branch on a MySQL/MariaDB server, through the MariaDB driver (speaks both). The
 * ownership ledger is the table {@code slipway_ledger.schemas}; the admin user needs CREATE on it
 * besides the branch databases.
 */
public final class MySqlSchemaManager extends LedgeredSchemas {
  /** MySQL's identifier limit. */
  public static final int MAX_NAME_LENGTH = 64;

  public MySqlSchemaManager(String host, int port, DbCredentials credentials) {
    super(new Jdbc(Jdbc.url("mariadb", host, port, ""), properties(credentials)), 64, '`');
  }

  private static Properties properties(DbCredentials credentials) {
    Properties properties = new Properties();
    properties.setProperty("user", credentials.user());
    properties.setProperty("password", credentials.password());
    properties.setProperty("connectTimeout", "5000");
    properties.setProperty(
        "socketTimeout", String.valueOf(Jdbc.QUERY_TIMEOUT_SECONDS * 1000 + 5000));
    return properties;
  }

  @Override
  protected List<String> ledgerDdl() {
    return List.of(
        "CREATE DATABASE IF NOT EXISTS " + LEDGER + " CHARACTER SET utf8mb4",
        "CREATE TABLE IF NOT EXISTS "
            + table()
            + " (name VARCHAR(64) NOT NULL PRIMARY KEY, owner_uid VARCHAR(64) NOT NULL,"
            + " owner VARCHAR(320) NOT NULL, scope VARCHAR(320) NOT NULL,"
            + " retained BOOLEAN NOT NULL DEFAULT FALSE,"
            + " claimed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  }

  /**
   * MySQL commits before every DDL statement, so claim and create cannot be one transaction: the
   * claim goes first (a crash after it leaves a row whose owner creates the database next pass). A
   * database that already exists without a row is someone else's and is not claimed.
   */
  @Override
  protected Claim claimAndCreate(String name, Owner owner) {
    if (exists(name)) return Claim.foreign();
    jdbc.update("INSERT IGNORE INTO " + table() + " " + insertColumns(), row(name, owner));
    LedgerEntry entry = holder(name).orElseThrow();
    if (!entry.ownedBy(owner)) return Claim.taken(entry);
    jdbc.execute(createSql(quoted(name)));
    return Claim.owned(entry);
  }

  @Override
  protected String createSql(String quotedName) {
    return "CREATE DATABASE IF NOT EXISTS "
        + quotedName
        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci";
  }

  @Override
  protected String dropSql(String quotedName) {
    return "DROP DATABASE IF EXISTS " + quotedName;
  }

  @Override
  protected String existsSql() {
    return "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?";
  }

  @Override
  protected String maxConnectionsSql() {
    return "SELECT @@max_connections";
  }

  /** CREATE DATABASE statements this manager sent (tests prove passes that find it send none). */
  public long createStatements() {
    return jdbc.statements("CREATE");
  }

  @Override
  public String toString() {
    return "MySqlSchemaManager[" + jdbc + "]";
  }
}
