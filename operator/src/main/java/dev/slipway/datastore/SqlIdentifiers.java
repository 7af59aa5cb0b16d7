package dev.slipway.datastore;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defense in depth for the only thing Slipway concatenates into SQL: a database or schema name of
 * the slug-derived shape, quoted. Anything else is refused before a connection is opened.
 */
public final class SqlIdentifiers {
  /**
   * System schemas of either engine and Slipway's own ledger: a branch never owns these, so
   * creating or dropping them is refused.
   */
  private static final Set<String> RESERVED =
      Set.of(
          "mysql",
          "information_schema",
          "performance_schema",
          "sys",
          "public",
          SchemaManager.LEDGER);

  /** PostgreSQL reserves the prefix for its own schemas; refused on both engines alike. */
  public static final String RESERVED_PREFIX = "pg_";

  private static final Pattern SHAPE = Pattern.compile("^[a-z][a-z0-9_]*$");

  private SqlIdentifiers() {}

  /**
   * The name quoted with {@code quote}, if it has the slug shape, fits {@code maxLength} and is not
   * one of the server's own schemas (dropping those would break the server, not a branch).
   */
  static String quoted(String name, int maxLength, char quote) {
    Optional<String> problem = problem(name, maxLength);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("refusing SQL identifier " + problem.get());
    }
    // The shape admits no quote character, so no escaping is needed inside the quotes.
    return quote + name + quote;
  }

  /**
   * Why {@code name} cannot be a branch's database or schema, if it cannot: the one rule that
   * validation (of patterns, before anything is created) and every SQL statement apply.
   */
  public static Optional<String> problem(String name, int maxLength) {
    if (name == null || name.length() > maxLength || !SHAPE.matcher(name).matches()) {
      return Optional.of(
          describe(name) + ": must match ^[a-z][a-z0-9_]{0," + (maxLength - 1) + "}$");
    }
    if (RESERVED.contains(name)) {
      return Optional.of(describe(name) + ": is a system schema or Slipway's ledger");
    }
    if (name.startsWith(RESERVED_PREFIX)) {
      return Optional.of(
          describe(name) + ": names starting with " + RESERVED_PREFIX + " are reserved");
    }
    return Optional.empty();
  }

  /** The refused name for the message, cut short so a huge manifest value cannot flood logs. */
  private static String describe(String name) {
    if (name == null) {
      return "null";
    }
    return "'" + (name.length() > 80 ? name.substring(0, 80) + "…" : name) + "'";
  }
}
