package dev.slipway.sandbox.sim;

import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/** Links scalable targets ("service/{cluster}/{service}") to ECS services and moves their count. */
final class AutoScalingTargets {
  private AutoScalingTargets() {}

  /** The ACTIVE service a resource id names, or null. */
  static ServiceModel service(RegionState rs, String resourceId) {
    if (resourceId == null) return null;
    String[] parts = resourceId.split("/");
    if (parts.length != 3 || !parts[0].equals("service")) return null;
    ServiceModel s = rs.ecs.servicesIn(parts[1]).get(parts[2]);
    return s != null && s.status.equals("ACTIVE") ? s : null;
  }

  static void clampInto(RegionState rs, ServiceModel s, ScalableTarget target) {
    int clamped = Math.max(target.minCapacity(), Math.min(target.maxCapacity(), s.desiredCount));
    new ServiceOps(rs).setDesired(s, clamped);
  }

  /**
   * What the scaler does when its policy asks for {@code desired}: stays within min and max, and
   * does nothing in a direction whose dynamic scaling is suspended.
   */
  static int scaleTo(RegionState rs, String cluster, String service, int desired) {
    String resourceId = "service/" + cluster + "/" + service;
    ScalableTarget target =
        rs.autoscaling.targets.get(
            AutoScalingModel.key("ecs", resourceId, AutoScalingSimulator.DIMENSION));
    if (target == null) {
      throw new IllegalStateException("no scalable target registered for " + resourceId);
    }
    ServiceModel s = service(rs, resourceId);
    if (s == null) throw new IllegalStateException("no ACTIVE service " + resourceId);
    var suspended = target.suspendedState();
    if (suspended != null) {
      boolean out = desired > s.desiredCount;
      if (out && Boolean.TRUE.equals(suspended.dynamicScalingOutSuspended())) return s.desiredCount;
      if (!out && Boolean.TRUE.equals(suspended.dynamicScalingInSuspended())) return s.desiredCount;
    }
    int clamped = Math.max(target.minCapacity(), Math.min(target.maxCapacity(), desired));
    new ServiceOps(rs).setDesired(s, clamped);
    return clamped;
  }
}
