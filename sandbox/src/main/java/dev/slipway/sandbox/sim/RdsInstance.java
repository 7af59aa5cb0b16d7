package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.rds.model.Tag;

/** One simulated Aurora DB instance, a member of exactly one cluster. */
final class RdsInstance {
  final String id;
  final String arn;
  final String clusterId;
  final String instanceClass;
  final String engine;
  final String availabilityZone;
  final String resourceId;
  final Instant createdAt;
  final int promotionTier;
  final List<Tag> tags = new ArrayList<>();
  String status = "creating";
  String parameterGroup;
  boolean writer;

  /** When creating or deleting ends. */
  Instant transitionEndsAt;

  RdsInstance(
      String account,
      String region,
      String id,
      String clusterId,
      String instanceClass,
      String engine,
      String availabilityZone,
      String resourceId,
      Instant createdAt,
      int promotionTier) {
    this.id = id;
    this.arn = RdsArns.of(region, account, RdsArns.INSTANCE, id);
    this.clusterId = clusterId;
    this.instanceClass = instanceClass;
    this.engine = engine;
    this.availabilityZone = availabilityZone;
    this.resourceId = resourceId;
    this.createdAt = createdAt;
    this.promotionTier = promotionTier;
  }

  boolean isDeleting() {
    return status.equals("deleting");
  }
}
