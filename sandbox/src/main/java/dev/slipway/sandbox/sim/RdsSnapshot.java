package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * A DB cluster snapshot. Immutable: sharing replaces the record, so another account can read it
 * without the owner's lock.
 */
record RdsSnapshot(
    String account,
    String region,
    String id,
    String clusterId,
    String type,
    Instant createdAt,
    String engine,
    String engineVersion,
    int port,
    String masterUsername,
    boolean storageEncrypted,
    String kmsKeyId,
    Instant clusterCreatedAt,
    String clusterResourceId,
    List<Tag> tags,
    Set<String> sharedWith) {

  static final String AUTOMATED = "automated";
  static final String MANUAL = "manual";

  RdsSnapshot {
    tags = List.copyOf(tags);
    sharedWith = Set.copyOf(sharedWith);
  }

  String arn() {
    return RdsArns.of(region, account, RdsArns.CLUSTER_SNAPSHOT, id);
  }

  boolean visibleTo(String caller) {
    return account.equals(caller) || sharedWith.contains(caller);
  }

  RdsSnapshot withSharedWith(Set<String> accounts) {
    return new RdsSnapshot(
        account,
        region,
        id,
        clusterId,
        type,
        createdAt,
        engine,
        engineVersion,
        port,
        masterUsername,
        storageEncrypted,
        kmsKeyId,
        clusterCreatedAt,
        clusterResourceId,
        tags,
        accounts);
  }

  RdsSnapshot withTags(List<Tag> newTags) {
    return new RdsSnapshot(
        account,
        region,
        id,
        clusterId,
        type,
        createdAt,
        engine,
        engineVersion,
        port,
        masterUsername,
        storageEncrypted,
        kmsKeyId,
        clusterCreatedAt,
        clusterResourceId,
        newTags,
        sharedWith);
  }
}
