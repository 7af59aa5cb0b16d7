package dev.slipway.datastore;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defense in depth for the only thing Slipway concatenates into SQL: a database or schema name of
 * the slug-derived shape, quoted. Anything else is refused before a connection is opened.
 */
final class SqlIdentifiers {
  /** System schemas of either engine: a branch never owns these, so dropping them is refused. */
  private static final Set<String> RESERVED =
      Set.of("mysql", "information_schema", "performance_schema", "sys", "public");

  private static final Pattern SHAPE = Pattern.compile("^[a-z][a-z0-9_]*$");

  private SqlIdentifiers() {}

  /**
   * The name quoted with {@code quote}, if it has the slug shape, fits {@code maxLength} and is not
   * one of the server's own schemas (dropping those would break the server, not a branch).
   */
  static String quoted(String name, int maxLength, char quote) {
    if (name == null
        || name.length() > maxLength
        || !SHAPE.matcher(name).matches()
        || RESERVED.contains(name)
        || name.startsWith("pg_")) {
      throw new IllegalArgumentException(
          "refusing SQL identifier "
              + describe(name)
              + ": must match ^[a-z][a-z0-9_]{0,"
              + (maxLength - 1)
              + "}$ and not be a system schema");
    }
    // The shape admits no quote character, so no escaping is needed inside the quotes.
    return quote + name + quote;
  }

  /** The refused name for the message, cut short so a huge manifest value cannot flood logs. */
  private static String describe(String name) {
    if (name == null) {
      return "null";
    }
    return "'" + (name.length() > 80 ? name.substring(0, 80) + "…" : name) + "'";
  }
}
