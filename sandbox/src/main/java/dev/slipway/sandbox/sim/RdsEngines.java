package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Aurora engines and their version grammar: ports, major versions, ordering, default groups. */
final class RdsEngines {
  static final String MYSQL = "aurora-mysql";
  static final String POSTGRESQL = "aurora-postgresql";

  // Aurora MySQL versions name the MySQL major version and then the Aurora release,
  // e.g. 8.0.mysql_aurora.3.05.2; Aurora PostgreSQL versions are plain, e.g. 15.4.
  private static final Pattern MYSQL_VERSION =
      Pattern.compile("(\\d+\\.\\d+)\\.mysql_aurora\\.\\d+\\.\\d+(\\.\\d+)?");
  private static final Pattern POSTGRESQL_VERSION = Pattern.compile("(\\d+)(\\.\\d+)+");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private RdsEngines() {}

  static boolean supported(String engine) {
    return MYSQL.equals(engine) || POSTGRESQL.equals(engine);
  }

  static int port(String engine) {
    return MYSQL.equals(engine) ? 3306 : 5432;
  }

  static boolean validVersion(String engine, String version) {
    if (version == null) return false;
    return MYSQL.equals(engine)
        ? MYSQL_VERSION.matcher(version).matches()
        : POSTGRESQL_VERSION.matcher(version).matches();
  }

  /** "8.0" for Aurora MySQL 8.0.mysql_aurora.3.05.2, "15" for Aurora PostgreSQL 15.4. */
  static String major(String engine, String version) {
    if (MYSQL.equals(engine)) {
      Matcher m = MYSQL_VERSION.matcher(version);
      return m.matches() ? m.group(1) : version;
    }
    String[] parts = version.split("\\.");
    // PostgreSQL numbered its majors 9.6 before 10; from 10 on, the major is the first number.
    return Integer.parseInt(parts[0]) < 10 && parts.length > 1
        ? parts[0] + "." + parts[1]
        : parts[0];
  }

  static boolean sameMajor(String engine, String a, String b) {
    return major(engine, a).equals(major(engine, b));
  }

  /** Orders versions of one engine by their numbers, left to right. */
  static int compare(String a, String b) {
    List<Integer> x = numbers(a);
    List<Integer> y = numbers(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = Integer.compare(x.get(i), y.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(x.size(), y.size());
  }

  /** The family of parameter groups a version uses, e.g. aurora-mysql8.0, aurora-postgresql15. */
  static String family(String engine, String version) {
    return engine + major(engine, version);
  }

  static String defaultParameterGroup(String engine, String version) {
    return "default." + family(engine, version);
  }

  private static List<Integer> numbers(String version) {
    List<Integer> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(version);
    while (m.find()) out.add(Integer.parseInt(m.group()));
    return out;
  }
}
