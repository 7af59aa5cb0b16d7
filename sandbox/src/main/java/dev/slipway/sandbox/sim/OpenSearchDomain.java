package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated OpenSearch Service domain. Configuration-API state (tags) changes under the
 * region's lock; what the domain endpoint serves (indices, repositories) under this object's lock,
 * because the endpoint's threads never enter the region's call gate.
 */
final class OpenSearchDomain {
  private static final Pattern ENGINE =
      Pattern.compile("(OpenSearch|Elasticsearch)_(\\d+)\\.(\\d+)");

  final String account;
  final String region;
  final String name;
  final String arn;
  final String engineVersion;
  final int dataNodes;
  final Instant created;
  final SimClock clock;
  final OpenSearchTimings timings;
  final Ids ids;
  final Random random;
  final Map<String, String> tags = new LinkedHashMap<>();
  final SortedMap<String, OpenSearchIndex> indices = new TreeMap<>();
  final SortedMap<String, Repository> repositories = new TreeMap<>();
  private volatile String endpoint;
  private int failRemaining;
  private int failStatus;

  /** A registered snapshot repository; settings are kept as strings, as OpenSearch echoes them. */
  record Repository(String name, String bucket, String basePath, Map<String, String> settings) {}

  OpenSearchDomain(
      RegionState rs, String name, String engineVersion, int dataNodes, OpenSearchTimings timings) {
    if (!name.matches("[a-z][a-z0-9\\-]{2,27}")) {
      throw new IllegalArgumentException(
          "domain names are 3-28 lower-case letters, digits and hyphens, starting with a letter");
    }
    if (!ENGINE.matcher(engineVersion).matches()) {
      throw new IllegalArgumentException("engine versions look like OpenSearch_2.13");
    }
    if (dataNodes < 1) throw new IllegalArgumentException("a domain has at least one data node");
    this.account = rs.account;
    this.region = rs.region;
    this.name = name;
    this.arn = "arn:aws:es:" + rs.region + ":" + rs.account + ":domain/" + name;
    this.engineVersion = engineVersion;
    this.dataNodes = dataNodes;
    this.created = rs.now();
    this.clock = rs.clock;
    this.timings = timings;
    this.ids = rs.ids;
    // Drawn from the region's seeded ids, so restore timings repeat with the simulator's seed.
    this.random = new Random(Long.parseLong(rs.ids.hex(15), 16));
  }

  Instant now() {
    return clock.instant();
  }

  String endpoint() {
    return endpoint;
  }

  void endpoint(String hostAndPort) {
    this.endpoint = hostAndPort;
  }

  boolean isOpenSearch() {
    return engineVersion.startsWith("OpenSearch_");
  }

  /** "OpenSearch_2.13" runs OpenSearch "2.13.0". */
  String versionNumber() {
    return versionNumber(0);
  }

  /** The version a domain {@code minorsAhead} minor releases newer would run. */
  String versionNumber(int minorsAhead) {
    Matcher m = ENGINE.matcher(engineVersion);
    m.matches();
    return m.group(2) + "." + (Integer.parseInt(m.group(3)) + minorsAhead) + ".0";
  }

  /** OpenSearch's internal version id: major*1e6 + minor*1e4 + 99, XOR-ed with 2^27. */
  static int versionId(String version) {
    String[] p = version.split("\\.");
    int id = Integer.parseInt(p[0]) * 1_000_000 + Integer.parseInt(p[1]) * 10_000 + 99;
    return id ^ 0x08000000;
  }

  /** "account:domain" is the cluster name OpenSearch Service gives a domain. */
  String clusterName() {
    return account + ":" + name;
  }

  /** Makes the next {@code n} requests answer {@code status} before anything else is looked at. */
  synchronized void failNext(int n, int status) {
    if (n < 0 || status < 400 || status > 599) {
      throw new IllegalArgumentException("n >= 0 and an HTTP error status");
    }
    this.failRemaining = n;
    this.failStatus = status;
  }

  /** The status to fail this request with, or 0 to serve it. */
  synchronized int takeFault() {
    if (failRemaining == 0) return 0;
    failRemaining--;
    return failStatus;
  }
}
