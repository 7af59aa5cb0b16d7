package dev.slipway.sandbox.sim;

/**
 * Which KMS key a restored cluster is encrypted with. The simulator does not model key policies, so
 * it takes the strict reading: a key owned by another account is not usable by default, and a
 * restore of data encrypted with one must name a key of its own (KmsKeyId).
 */
final class RdsKeys {
  private RdsKeys() {}

  /**
   * @param encryptUnencrypted whether a key may encrypt an unencrypted source on the way in (true
   *     for snapshot restores; a point-in-time restore of an unencrypted cluster refuses KmsKeyId)
   */
  static String restoredKey(
      RegionState rs,
      boolean sourceEncrypted,
      String sourceKey,
      String requestedKey,
      boolean encryptUnencrypted,
      String sourceArn) {
    if (requestedKey != null) {
      if (!sourceEncrypted && !encryptUnencrypted) {
        throw RdsErrors.invalidParameterCombination(
            "KmsKeyId can't be specified because the source DB cluster isn't encrypted.");
      }
      return qualify(rs, requestedKey);
    }
    if (!sourceEncrypted) return null;
    String owner = RdsArns.kmsAccount(sourceKey);
    if (owner != null && !owner.equals(rs.account)) {
      throw RdsErrors.kmsKeyNotAccessible(
          sourceArn
              + " is encrypted with a KMS key of account "
              + owner
              + ". Specify KmsKeyId with a key that account "
              + rs.account
              + " can use.");
    }
    return sourceKey;
  }

  /** Key ids and aliases name keys of the caller's account; ARNs are taken as they are. */
  static String qualify(RegionState rs, String key) {
    if (key.startsWith("arn:")) return key;
    String prefix = "arn:aws:kms:" + rs.region + ":" + rs.account + ":";
    return key.startsWith("alias/") ? prefix + key : prefix + "key/" + key;
  }
}
