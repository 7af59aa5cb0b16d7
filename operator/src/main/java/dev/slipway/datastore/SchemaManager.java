package dev.slipway.datastore;

import java.util.List;
import java.util.Optional;

/**
 * Creates and drops one branch's database (MySQL/MariaDB) or schema (PostgreSQL) on the shared
 * staging server, only ever for the object the server's ownership ledger names. Names must already
 * come from the slug rules; implementations check them again before any SQL.
 */
public interface SchemaManager extends AutoCloseable {
  /** Where the ledger lives: a database (MySQL) or a schema (PostgreSQL) of this name. */
  String LEDGER = "slipway_ledger";

  /** What a teardown does with a schema its caller owns. */
  enum Keep {
    /** Drop it with everything in it, and its ledger row. */
    DROP,
    /** Keep the data; a later environment of the same scope may take it over. */
    RELEASE_TO_SCOPE,
    /** Keep data and ownership (an expired environment that may come back). */
    KEEP_OWNED
  }

  /**
   * Claims {@code name} for {@code owner} in the ledger and creates it if missing. Observes first:
   * a schema that exists and is owned costs two reads and no DDL. A schema kept on delete by an
   * earlier owner of the same scope is taken over.
   */
  Claim ensure(String name, Owner owner);

  /** Drops or keeps {@code name} if, and only if, the ledger names {@code owner}. */
  Disposal dispose(String name, Owner owner, Keep keep);

  /** The ledger row for {@code name}, if any. */
  Optional<LedgerEntry> holder(String name);

  /** Every ledger row on this server (or database, for PostgreSQL). */
  List<LedgerEntry> ledger();

  /** Whether the database/schema exists. */
  boolean exists(String name);

  /** The server's {@code max_connections}, read at most once a minute. */
  int maxConnections();

  /** Releases the server connection. */
  @Override
  void close();
}
