package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.Map;

/** A read-only view of one simulated Aurora cluster, for tests and the sandbox. */
public record RdsClusterInfo(
    String id,
    String arn,
    String status,
    String engine,
    String engineVersion,
    String endpoint,
    boolean deletionProtection,
    Map<String, String> tags,
    List<Member> members,
    RdsClusterEvent.Origin origin,
    String cloneGroupId) {

  /** One DB instance of the cluster and whether it is the writer. */
  public record Member(String instanceId, String instanceClass, String status, boolean writer) {}

  public RdsClusterInfo {
    tags = Map.copyOf(tags);
    members = List.copyOf(members);
  }
}
