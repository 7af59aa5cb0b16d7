package dev.slipway.sandbox.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ElastiCache's ARNs, endpoint host names and identifier rules: one place for each grammar. */
final class ElastiCacheNames {
  static final int PORT = 6379;
  private static final Pattern ID =
      Pattern.compile("[a-z](?!.*--)[a-z0-9-]{0,38}(?<!-)", Pattern.CASE_INSENSITIVE);
  private static final Pattern S3_ARN = Pattern.compile("arn:aws[a-z-]*:s3:::([^/,]+)/([^,]+)");
  private static final Pattern GROUP_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:elasticache:([a-z0-9-]+):(\\d{12}):(replicationgroup|snapshot):(.+)");
  private static final Map<String, String> DIRECTIONS =
      Map.of(
          "north",
          "n",
          "south",
          "s",
          "east",
          "e",
          "west",
          "w",
          "central",
          "c",
          "northeast",
          "ne",
          "northwest",
          "nw",
          "southeast",
          "se",
          "southwest",
          "sw");

  /** An S3 object named by a SnapshotArns entry. */
  record S3Location(String bucket, String key) {}

  /** A taggable ElastiCache resource named by an ARN. */
  record ResourceArn(String region, String account, String type, String name) {}

  private ElastiCacheNames() {}

  /** Replication group ids: 1-40 characters, a letter first, no "--" and no trailing hyphen. */
  static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  static String groupArn(RegionState rs, String id) {
    return arn(rs, "replicationgroup", id);
  }

  static String snapshotArn(RegionState rs, String name) {
    return arn(rs, "snapshot", name);
  }

  static String clusterArn(RegionState rs, String clusterId) {
    return arn(rs, "cluster", clusterId);
  }

  private static String arn(RegionState rs, String type, String name) {
    return "arn:aws:elasticache:" + rs.region + ":" + rs.account + ":" + type + ":" + name;
  }

  static ResourceArn parseArn(String arn) {
    Matcher m = arn == null ? null : GROUP_ARN.matcher(arn);
    if (m == null || !m.matches()) return null;
    return new ResourceArn(m.group(1), m.group(2), m.group(3), m.group(4));
  }

  /** Parses arn:aws:s3:::bucket/key; null when the ARN is not of that form (or has a comma). */
  static S3Location parseS3Arn(String arn) {
    Matcher m = arn == null ? null : S3_ARN.matcher(arn);
    return m == null || !m.matches() ? null : new S3Location(m.group(1), m.group(2));
  }

  /**
   * The primary endpoint of a cluster-mode-disabled group. The random-looking part depends only on
   * the account, Region and id, so a group re-created with the same id gets the same host name, as
   * on AWS, and applications keep their configuration across the nightly re-create.
   */
  static String primaryEndpoint(RegionState rs, String id) {
    return id + "." + token(rs, id) + ".ng.0001." + regionCode(rs.region) + ".cache.amazonaws.com";
  }

  static String readerEndpoint(RegionState rs, String id) {
    return id
        + "-ro."
        + token(rs, id)
        + ".ng.0001."
        + regionCode(rs.region)
        + ".cache.amazonaws.com";
  }

  /** The configuration endpoint of a cluster-mode-enabled group. */
  static String configurationEndpoint(RegionState rs, String id) {
    return id
        + "."
        + token(rs, id)
        + ".clustercfg."
        + regionCode(rs.region)
        + ".cache.amazonaws.com";
  }

  /** ap-northeast-1 becomes apne1, eu-west-1 euw1, us-east-1 use1, as in ElastiCache host names. */
  static String regionCode(String region) {
    String[] parts = region.split("-");
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length - 1; i++) {
      sb.append(DIRECTIONS.getOrDefault(parts[i], parts[i].substring(0, 1)));
    }
    return sb.append(parts[parts.length - 1]).toString();
  }

  private static String token(RegionState rs, String id) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((rs.account + "/" + rs.region + "/" + id).getBytes(StandardCharsets.UTF_8));
      long n = 0;
      for (int i = 0; i < 8; i++) n = (n << 8) | (digest[i] & 0xff);
      String s = Long.toString(Math.abs(n % 2_176_782_336L), 36);
      return "0".repeat(6 - s.length()) + s;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
