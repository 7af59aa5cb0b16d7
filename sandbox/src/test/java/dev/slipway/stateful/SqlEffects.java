package dev.slipway.stateful;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an SQL statement the operator sent (MariaDB's driver wraps one with a query timeout in
 * {@code SET STATEMENT max_statement_time=… FOR …}) for what it does to a branch schema (MySQL
 * database, PostgreSQL schema) and writes that to the ledger, as {@link AwsEffects} does for AWS
 * calls: a CREATE makes the running pass the creator, a DROP is a destruction to be judged.
 */
final class SqlEffects {
  private static final Pattern CREATE =
      Pattern.compile(
          "(?is)^\\s*(?:SET\\s+STATEMENT\\s+.*?\\s+FOR\\s+)?CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?[`\"]?([A-Za-z0-9_]+)");
  private static final Pattern DROP =
      Pattern.compile(
          "(?is)^\\s*(?:SET\\s+STATEMENT\\s+.*?\\s+FOR\\s+)?DROP\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+EXISTS\\s+)?[`\"]?([A-Za-z0-9_]+)");

  private SqlEffects() {}

  static String key(Engine engine, String schema) {
    return "schema:" + engine.manifest + ":" + schema;
  }

  static void record(CallLedger ledger, Engine engine, String sql) {
    Matcher create = CREATE.matcher(sql);
    if (create.find()) ledger.created(key(engine, create.group(1)));
    Matcher drop = DROP.matcher(sql);
    if (drop.find()) ledger.destroyed(key(engine, drop.group(1)), "DROP " + engine.manifest);
  }
}
