package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.Set;

/**
 * A read-only copy of a cluster that a point-in-time restore or clone starts from; copied under the
 * owner's lock so a consumer account can use it without holding two locks at once.
 */
record RdsClusterSource(
    String account,
    String region,
    String id,
    String arn,
    String engine,
    String engineVersion,
    String status,
    boolean hasAvailableInstance,
    boolean storageEncrypted,
    String kmsKeyId,
    int port,
    String masterUsername,
    String cloneGroupId,
    Set<String> sharedWith,
    Instant createdAt) {

  /** Whether {@code caller} may see this cluster: it owns it, or it was shared through AWS RAM. */
  boolean visibleTo(String caller) {
    return account.equals(caller) || sharedWith.contains(caller);
  }
}
