package dev.slipway.sandbox.sim;

/**
 * A restored or cloned Aurora cluster that has just become available, handed to {@link
 * AwsSimulator#onClusterAvailable} listeners so the sandbox can load data behind its endpoint.
 *
 * @param source the ARN of the cluster or snapshot it was made from
 */
public record RdsClusterEvent(
    String account,
    String region,
    String clusterId,
    String engine,
    String engineVersion,
    String endpoint,
    int port,
    Origin origin,
    String source) {

  /** How a cluster came to exist. */
  public enum Origin {
    /** RestoreDBClusterToPointInTime with RestoreType copy-on-write. */
    CLONE,
    /** RestoreDBClusterToPointInTime with RestoreType full-copy. */
    POINT_IN_TIME_RESTORE,
    /** RestoreDBClusterFromSnapshot. */
    SNAPSHOT_RESTORE,
    /** Seeded by a test or the sandbox, standing for a cluster made outside Slipway. */
    SEED
  }
}
