package dev.slipway.datastore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ownership protocol both engines share. The ledger row is written before, or in the same
 * transaction as, the schema's creation and removed after its drop, so a crash at any point leaves
 * a row naming the owner (which finishes the job on its next pass) and never a schema nobody owns
 * or one another object could drop.
 */
abstract class LedgeredSchemas implements SchemaManager {
  private static final Duration MAX_CONNECTIONS_TTL = Duration.ofMinutes(1);
  private static final String COLUMNS = "name, owner_uid, owner, scope, retained";

  protected final Jdbc jdbc;
  private final int maxNameLength;
  private final char quote;
  private volatile boolean ledgerReady;
  private volatile int maxConnections;
  private volatile long maxConnectionsReadAt;

  LedgeredSchemas(Jdbc jdbc, int maxNameLength, char quote) {
    this.jdbc = jdbc;
    this.maxNameLength = maxNameLength;
    this.quote = quote;
  }

  /** Statements that create the ledger when it is missing (each idempotent). */
  protected abstract List<String> ledgerDdl();

  /** Whether the ledger table exists (a read, so a ready server costs no DDL). */
  private boolean ledgerExists() {
    // information_schema.tables answers the same on MySQL/MariaDB and PostgreSQL.
    return jdbc.anyRow(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        LEDGER,
        "schemas");
  }

  /** Claims and creates a name no ledger row names; FOREIGN when the schema already exists. */
  protected abstract Claim claimAndCreate(String name, Owner owner);

  protected abstract String createSql(String quotedName);

  protected abstract String dropSql(String quotedName);

  protected abstract String existsSql();

  protected abstract String maxConnectionsSql();

  @Override
  public synchronized Claim ensure(String name, Owner owner) {
    String quoted = quoted(name);
    ensureLedger();
    Optional<LedgerEntry> found = holder(name);
    if (found.isEmpty()) return claimAndCreate(name, owner);
    LedgerEntry entry = found.get();
    if (!entry.ownedBy(owner)) {
      if (!takeOver(entry, owner)) return Claim.taken(entry);
      entry = holder(name).orElseThrow();
    }
    // Owned: the row was written before the create, so a crash may have left it without schema.
    if (!exists(name)) jdbc.execute(createSql(quoted));
    return Claim.owned(entry);
  }

  /** A schema its owner kept on delete goes to a later environment of the same scope. */
  private boolean takeOver(LedgerEntry entry, Owner owner) {
    if (!entry.retained() || !entry.scope().equals(owner.scope())) return false;
    int rows =
        jdbc.update(
            "UPDATE "
                + table()
                + " SET owner_uid = ?, owner = ?, retained = FALSE"
                + " WHERE name = ? AND retained = TRUE AND scope = ?",
            owner.uid(),
            owner.ref(),
            entry.name(),
            owner.scope());
    return rows == 1;
  }

  @Override
  public synchronized Disposal dispose(String name, Owner owner, Keep keep) {
    String quoted = quoted(name);
    if (!ledgerExists()) return Disposal.notOwned(null);
    Optional<LedgerEntry> entry = holder(name);
    if (entry.isEmpty() || !entry.get().ownedBy(owner)) {
      return Disposal.notOwned(entry.orElse(null));
    }
    switch (keep) {
      case KEEP_OWNED -> {
        return Disposal.kept();
      }
      case RELEASE_TO_SCOPE -> {
        jdbc.update(
            "UPDATE " + table() + " SET retained = TRUE WHERE name = ? AND owner_uid = ?",
            name,
            owner.uid());
        return Disposal.kept();
      }
      default -> {
        dropOwned(name, quoted, owner);
        return Disposal.dropped();
      }
    }
  }

  /**
   * Drop, then forget: a crash in between leaves the row, and the next pass drops nothing (IF
   * EXISTS) and removes it. Where DDL is transactional both happen at once.
   */
  protected void dropOwned(String name, String quoted, Owner owner) {
    jdbc.execute(dropSql(quoted));
    jdbc.update("DELETE FROM " + table() + " WHERE name = ? AND owner_uid = ?", name, owner.uid());
  }

  @Override
  public Optional<LedgerEntry> holder(String name) {
    quoted(name);
    if (!ledgerReady && !ledgerExists()) return Optional.empty();
    return jdbc.query("SELECT " + COLUMNS + " FROM " + table() + " WHERE name = ?", name).stream()
        .map(LedgeredSchemas::entry)
        .findFirst();
  }

  @Override
  public List<LedgerEntry> ledger() {
    if (!ledgerReady && !ledgerExists()) return List.of();
    return jdbc.query("SELECT " + COLUMNS + " FROM " + table() + " ORDER BY name").stream()
        .map(LedgeredSchemas::entry)
        .toList();
  }

  @Override
  public boolean exists(String name) {
    quoted(name);
    return jdbc.anyRow(existsSql(), name);
  }

  @Override
  public int maxConnections() {
    long now = System.nanoTime();
    if (maxConnections == 0 || now - maxConnectionsReadAt > MAX_CONNECTIONS_TTL.toNanos()) {
      maxConnections = Integer.parseInt(jdbc.firstValue(maxConnectionsSql()).trim());
      maxConnectionsReadAt = now;
    }
    return maxConnections;
  }

  /** The ledger is created once per server, on the first claim: a read when it is there. */
  private void ensureLedger() {
    if (ledgerReady) return;
    if (!ledgerExists()) ledgerDdl().forEach(jdbc::execute);
    ledgerReady = true;
  }

  /** The row a claim inserts, as {@code INSERT ... VALUES} parameters in column order. */
  protected static String[] row(String name, Owner owner) {
    return new String[] {name, owner.uid(), owner.ref(), owner.scope()};
  }

  protected static String insertColumns() {
    return "(name, owner_uid, owner, scope, retained) VALUES (?, ?, ?, ?, FALSE)";
  }

  protected static String table() {
    return LEDGER + ".schemas";
  }

  /** Reads the holder inside a transaction's connection. */
  protected static Optional<LedgerEntry> holder(Connection c, String name) throws SQLException {
    return Jdbc.query(c, "SELECT " + COLUMNS + " FROM " + table() + " WHERE name = ?", name)
        .stream()
        .map(LedgeredSchemas::entry)
        .findFirst();
  }

  protected String quoted(String name) {
    return SqlIdentifiers.quoted(name, maxNameLength, quote);
  }

  private static LedgerEntry entry(List<String> row) {
    String retained = row.get(4);
    return new LedgerEntry(
        row.get(0),
        row.get(1),
        row.get(2),
        row.get(3),
        "1".equals(retained) || "t".equals(retained) || "true".equalsIgnoreCase(retained));
  }

  @Override
  public void close() {
    jdbc.close();
  }
}
