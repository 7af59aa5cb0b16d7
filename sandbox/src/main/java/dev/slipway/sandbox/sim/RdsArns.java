package dev.slipway.sandbox.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The RDS ARN grammar and DNS names: built and parsed here only. */
final class RdsArns {
  static final String CLUSTER = "cluster";
  static final String INSTANCE = "db";
  static final String CLUSTER_SNAPSHOT = "cluster-snapshot";

  /** The parts of an RDS ARN; {@code name} is the resource identifier after the type. */
  record Arn(String region, String account, String type, String name) {}

  private RdsArns() {}

  static String of(String region, String account, String type, String name) {
    return "arn:aws:rds:" + region + ":" + account + ":" + type + ":" + name;
  }

  /** Parses an RDS ARN, or returns null when {@code value} is not one (a plain identifier). */
  static Arn parse(String value) {
    if (value == null || !value.startsWith("arn:")) return null;
    String[] parts = value.split(":", 7);
    if (parts.length < 7 || !parts[2].equals("rds")) return null;
    return new Arn(parts[3], parts[4], parts[5], parts[6]);
  }

  /**
   * Identifiers are case-insensitive and stored in lowercase, as RDS does; automated snapshot names
   * keep their "rds:" prefix.
   */
  static String normalize(String identifier) {
    return identifier == null ? null : identifier.toLowerCase(Locale.ROOT);
  }

  /**
   * Aurora's cluster endpoints carry one token per account and Region, so a cluster re-created with
   * the same identifier keeps its endpoint (which is what lets applications keep a fixed DNS name
   * across staging refreshes).
   */
  static String clusterEndpoint(String account, String region, String clusterId) {
    return clusterId + ".cluster-" + token(account, region) + "." + region + ".rds.amazonaws.com";
  }

  static String readerEndpoint(String account, String region, String clusterId) {
    return clusterId
        + ".cluster-ro-"
        + token(account, region)
        + "."
        + region
        + ".rds.amazonaws.com";
  }

  static String instanceEndpoint(String account, String region, String instanceId) {
    return instanceId + "." + token(account, region) + "." + region + ".rds.amazonaws.com";
  }

  /** Twelve lowercase letters and digits derived from the account and Region alone. */
  static String token(String account, String region) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((account + "/" + region).getBytes(StandardCharsets.UTF_8));
      String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
      StringBuilder sb = new StringBuilder(12);
      for (int i = 0; i < 12; i++) sb.append(alphabet.charAt((hash[i] & 0xff) % alphabet.length()));
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * RDS identifiers: 1 to 63 letters, digits or hyphens, starting with a letter, without a trailing
   * hyphen or two hyphens in a row.
   */
  static boolean validIdentifier(String id) {
    return validIdentifier(id, 63);
  }

  /** The same rule with another length limit (cluster snapshot names may have 255 characters). */
  static boolean validIdentifier(String id, int maxLength) {
    return id != null
        && id.length() <= maxLength
        && id.matches("[A-Za-z][A-Za-z0-9-]*")
        && !id.endsWith("-")
        && !id.contains("--");
  }

  /** A customer managed KMS key ARN in the account and Region. */
  static String kmsKey(String region, String account, String keyId) {
    return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
  }

  /** The account a KMS key ARN belongs to, or null for a bare key id or alias. */
  static String kmsAccount(String kmsKeyId) {
    if (kmsKeyId == null || !kmsKeyId.startsWith("arn:")) return null;
    String[] parts = kmsKeyId.split(":", 6);
    return parts.length < 6 ? null : parts[4];
  }
}
