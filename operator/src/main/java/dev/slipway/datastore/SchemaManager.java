package dev.slipway.datastore;

/**
 * Creates and drops one branch's database (MySQL/MariaDB) or schema (PostgreSQL) on the shared
 * staging server. Names must already come from the slug rules; implementations check them again.
 */
public interface SchemaManager {
  /** Creates the database/schema if it does not exist; idempotent. */
  void ensure(String name);

  /** Drops the database/schema and everything in it if it exists; idempotent. */
  void drop(String name);

  /** Whether the database/schema exists. */
  boolean exists(String name);

  /** The server's {@code max_connections}. */
  int maxConnections();
}
