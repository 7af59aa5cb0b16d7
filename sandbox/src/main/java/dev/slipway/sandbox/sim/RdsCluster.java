package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.Tag;

/** One simulated Aurora DB cluster; mutated only under its account and Region's lock. */
final class RdsCluster {
  final String id;
  final String arn;
  final String account;
  final String region;
  final String engine;
  final String resourceId;
  final Instant createdAt;
  final RdsClusterEvent.Origin origin;
  final String source;
  final String masterUsername;
  final boolean storageEncrypted;
  final String kmsKeyId;
  final int port;
  final boolean crossAccountClone;
  final List<Tag> tags = new ArrayList<>();
  final Set<String> sharedWith = new LinkedHashSet<>();
  String engineVersion;
  String status;
  String subnetGroup;
  List<String> securityGroups;
  String parameterGroup;
  boolean deletionProtection;
  int backupRetentionDays = 1;
  String cloneGroupId;
  String preferredMaintenanceWindow = "sun:05:00-sun:05:30";
  String preferredBackupWindow = "03:00-03:30";

  /** When the current transition (creating, modifying, upgrading, deleting) ends. */
  Instant transitionEndsAt;

  /** The version an upgrade in progress moves to; null when none is running. */
  String upgradingTo;

  /** Whether the running upgrade fails its precheck and leaves the version unchanged. */
  boolean precheckFails;

  /** DBInstanceParameterGroupName of a major upgrade, given to the instances when it succeeds. */
  String upgradeInstanceParameterGroup;

  /**
   * A version change waiting for the maintenance window (ApplyImmediately=false): the version, when
   * the window opens, how long the upgrade will take, and whether its precheck will fail.
   */
  String pendingEngineVersion;

  Instant pendingStartsAt;
  java.time.Duration pendingDuration;
  boolean pendingPrecheckFails;
  Instant nextBackupAt;
  boolean announced;

  RdsCluster(
      String account,
      String region,
      String id,
      String engine,
      String engineVersion,
      Instant createdAt,
      RdsClusterEvent.Origin origin,
      String source,
      String masterUsername,
      boolean storageEncrypted,
      String kmsKeyId,
      int port,
      boolean crossAccountClone,
      String resourceId) {
    this.account = account;
    this.region = region;
    this.id = id;
    this.arn = RdsArns.of(region, account, RdsArns.CLUSTER, id);
    this.engine = engine;
    this.engineVersion = engineVersion;
    this.createdAt = createdAt;
    this.origin = origin;
    this.source = source;
    this.masterUsername = masterUsername;
    this.storageEncrypted = storageEncrypted;
    this.kmsKeyId = kmsKeyId;
    this.port = port;
    this.crossAccountClone = crossAccountClone;
    this.resourceId = resourceId;
  }

  String endpoint() {
    return RdsArns.clusterEndpoint(account, region, id);
  }

  String readerEndpoint() {
    return RdsArns.readerEndpoint(account, region, id);
  }

  boolean isAvailable() {
    return status.equals("available");
  }

  /** An immutable copy of what a restore from this cluster needs, safe to read across accounts. */
  RdsClusterSource asSource(boolean hasAvailableInstance) {
    return new RdsClusterSource(
        account,
        region,
        id,
        arn,
        engine,
        engineVersion,
        status,
        hasAvailableInstance,
        storageEncrypted,
        kmsKeyId,
        port,
        masterUsername,
        cloneGroupId,
        Set.copyOf(sharedWith),
        createdAt);
  }
}
