package dev.slipway.environment;

import dev.slipway.datastore.SqlIdentifiers;
import dev.slipway.release.ContentHash;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every name Slipway derives from a branch (Kubernetes, ECS, target group, database, schema, Redis
 * namespace): a readable part made of {@code [a-z0-9-]} plus a hash of the original branch string,
 * so {@code qa/foo}, {@code qa-foo}, {@code QA/Foo} and {@code qa_foo} never share a name and
 * nothing typed in a branch name (quotes, {@code ;}, backticks, unicode) reaches a target.
 */
public final class BranchNames {
  /** Length of the hash suffix: 8 hex digits = 32 bits, plenty for the branches of one parent. */
  public static final int HASH_LENGTH = 8;

  /** Longest readable part of the bare slug; per-target names truncate it further to fit. */
  static final int MAX_READABLE = 40;

  /**
   * Characters a schema pattern must leave for the branch: 8 readable, a separator and the hash, so
   * a name still says which branch it is for.
   */
  public static final int MIN_SQL_ROOM = 8 + 1 + HASH_LENGTH;

  private static final String BRANCH_TOKEN = "{branch}";
  private static final Pattern SQL_PATTERN =
      Pattern.compile("^[a-z][a-z0-9_]*(\\{branch\\}[a-z0-9_]*)?$");
  private static final Pattern REDIS_PATTERN =
      Pattern.compile("^[A-Za-z0-9_:.-]*\\{branch\\}[A-Za-z0-9_:.-]*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern ECS_NAME = Pattern.compile("^[A-Za-z0-9_-]+$");

  private final String branch;
  private final String readable;
  private final String hash;

  private BranchNames(String branch) {
    this.branch = branch;
    this.readable = readable(branch);
    this.hash = ContentHash.of(branch).substring(0, HASH_LENGTH);
  }

  /** Names for one branch; the branch may be any non-blank string. */
  public static BranchNames of(String branch) {
    Objects.requireNonNull(branch, "branch");
    if (branch.isBlank()) {
      throw new IllegalArgumentException("branch must not be blank");
    }
    return new BranchNames(branch);
  }

  /** The branch exactly as given: for the {@code BRANCH} environment variable's value. */
  public String branch() {
    return branch;
  }

  /** The hash suffix every derived name ends with. */
  public String hash() {
    return hash;
  }

  /** {@code qa-foo-1a2b3c4d}: lower-case {@code [a-z0-9-]}, at most 49 characters. */
  public String slug() {
    return fit("", '-', readable, MAX_READABLE + 1 + HASH_LENGTH);
  }

  /** {@code <prefix>-<slug>} as a DNS-1123 label (at most 63 characters). */
  public String kubernetesName(String prefix) {
    require(prefix, DNS_LABEL, "Kubernetes name prefix", "a DNS-1123 label");
    return fit(prefix + "-", '-', readable, 63);
  }

  /**
   * {@code <service>-<readable>-<hash>} for an ECS service name (at most 255 of {@code
   * [A-Za-z0-9_-]}). The hash covers {@code scope} (the shared environment, {@code
   * namespace/name}), service and branch: shared environments often share a cluster and name their
   * services alike, and one branch of each must not get the same service.
   */
  public String ecsServiceName(String scope, String service) {
    require(service, ECS_NAME, "ECS service name", "[A-Za-z0-9_-]+");
    return fit(service + "-" + scope, service + "-", '-', readable, 255);
  }

  /**
   * {@code <service>-<readable>-<hash>} as a target group name: at most 32 of {@code [A-Za-z0-9-]},
   * not starting or ending with {@code -}. Underscores become dashes; a service too long to keep
   * whole is cut. The hash covers {@code scope} (the shared environment), service and branch, so
   * target groups stay apart across shared environments of one account and across cut services.
   */
  public String targetGroupName(String scope, String service) {
    require(service, ECS_NAME, "service name", "[A-Za-z0-9_-]+");
    String part = trimDashes(service.replace('_', '-').replaceAll("-+", "-"));
    if (part.isEmpty()) {
      throw new IllegalArgumentException("service name '" + service + "' has no letter or digit");
    }
    return fit(service + "-" + scope, part + "-", '-', readable, 32);
  }

  /** A MySQL/MariaDB database name from a pattern like {@code qa_{branch}} (at most 64). */
  public String mysqlDatabase(String pattern) {
    return sqlName(pattern, 64, "MySQL database");
  }

  /** A PostgreSQL schema name from a pattern like {@code qa_{branch}} (at most 63). */
  public String postgresSchema(String pattern) {
    return sqlName(pattern, 63, "PostgreSQL schema");
  }

  /**
   * The Redis namespace from a pattern (default {@code {branch}}): the slug with {@code _} for
   * separators, as DESIGN's "branch with / → _". Keys live under {@link #redisKeyPrefix}.
   */
  public String redisNamespace(String pattern) {
    String p = pattern == null || pattern.isEmpty() ? BRANCH_TOKEN : pattern;
    require(p, REDIS_PATTERN, "Redis namespace pattern", "[A-Za-z0-9_:.-]* around one {branch}");
    return p.replace(BRANCH_TOKEN, fit("", '_', readable, MAX_READABLE + 1 + HASH_LENGTH));
  }

  /** {@code <namespace>:}, the prefix of every key of this branch. */
  public String redisKeyPrefix(String pattern) {
    return redisNamespace(pattern) + ":";
  }

  private String sqlName(String pattern, int max, String what) {
    sqlPatternProblem(pattern, max, what)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    int token = pattern.indexOf(BRANCH_TOKEN);
    String before = pattern.substring(0, token);
    String after = pattern.substring(token + BRANCH_TOKEN.length());
    return before + fit("", '_', readable, max - before.length() - after.length()) + after;
  }

  /**
   * Why a schema/database pattern cannot name branches' schemas on an engine whose identifiers stop
   * at {@code max}, if it cannot: the shape, one {@code {branch}} (without it every environment
   * would share, and drop, one database), room for {@link #MIN_SQL_ROOM} characters of branch, and
   * no reserved name or prefix. Validation of the shared environment and naming apply this one
   * rule.
   */
  public static Optional<String> sqlPatternProblem(String pattern, int max, String what) {
    if (pattern == null || !SQL_PATTERN.matcher(pattern).matches()) {
      return Optional.of(
          what
              + " pattern '"
              + pattern
              + "' must match ^[a-z][a-z0-9_]*(\\{branch\\}[a-z0-9_]*)?$");
    }
    int token = pattern.indexOf(BRANCH_TOKEN);
    if (token < 0) {
      return Optional.of(
          what + " pattern '" + pattern + "' must contain {branch}, else branches share it");
    }
    int fixed = pattern.length() - BRANCH_TOKEN.length();
    if (max - fixed < MIN_SQL_ROOM) {
      return Optional.of(
          what
              + " pattern '"
              + pattern
              + "' leaves "
              + Math.max(0, max - fixed)
              + " of the "
              + max
              + " characters for the branch; it needs "
              + MIN_SQL_ROOM
              + " (a readable part, '_' and an "
              + HASH_LENGTH
              + "-character hash): shorten it to at most "
              + (max - MIN_SQL_ROOM)
              + " characters besides {branch}");
    }
    String before = pattern.substring(0, token);
    if (SqlIdentifiers.RESERVED_PREFIX.startsWith(before)) {
      // "p{branch}" or "pg{branch}" would give branch g_… or _… a reserved name.
      return Optional.of(
          what
              + " pattern '"
              + pattern
              + "' could produce names starting with "
              + SqlIdentifiers.RESERVED_PREFIX
              + ", which are reserved; use another prefix");
    }
    String sample = pattern.replace(BRANCH_TOKEN, "x_" + "0".repeat(HASH_LENGTH));
    return SqlIdentifiers.problem(sample, max).map(p -> what + " pattern '" + pattern + "': " + p);
  }

  /**
   * {@code prefix + readable + sep + hash}, shortening only the readable part so the whole fits in
   * {@code max}; the hash is never cut, so truncation cannot merge two branches.
   */
  private String fit(String prefix, char sep, String readablePart, int max) {
    return fit(prefix, prefix, sep, readablePart, max);
  }

  /**
   * As above, for a prefix derived from {@code original}. When the derivation lost information
   * (e.g. {@code a_b} and {@code a-b} both gave {@code a-b-}) or the prefix is too long to keep
   * whole (then it is cut), the hash covers the original prefix and the branch, so two services of
   * one branch still never share a name.
   */
  private String fit(String original, String prefix, char sep, String readablePart, int max) {
    String suffix = hash;
    boolean tooLong = prefix.length() + HASH_LENGTH > max;
    if (tooLong || !original.equals(prefix)) {
      suffix = ContentHash.of(original, branch).substring(0, HASH_LENGTH);
    }
    if (tooLong) {
      prefix = trimDashes(prefix.substring(0, max - HASH_LENGTH - 1)) + "-";
    }
    int room = max - prefix.length() - HASH_LENGTH - 1;
    String head = readablePart.substring(0, Math.max(0, Math.min(room, readablePart.length())));
    head = trimDashes(head).replace('-', sep);
    return head.isEmpty() ? prefix + suffix : prefix + head + sep + suffix;
  }

  /** Lower-case ASCII letters and digits; every other run of characters becomes one dash. */
  static String readable(String branch) {
    String ascii =
        Normalizer.normalize(branch, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    return trimDashes(ascii.replaceAll("[^a-z0-9]+", "-"));
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }

  private static void require(String value, Pattern shape, String what, String expected) {
    if (value == null || !shape.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' must match " + expected);
    }
  }

  @Override
  public String toString() {
    return "BranchNames[" + slug() + "]";
  }
}
