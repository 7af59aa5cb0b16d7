package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.status.EventRecorder;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/**
 * Ensures the service's scalable target and CPU target-tracking policy when autoscaling is
 * configured. The scaler then owns desiredCount: the service step never sets it again.
 */
final class AutoscalingStep {
  private final AutoScalingPort autoscaling;
  private final EventRecorder events;

  AutoscalingStep(AutoScalingPort autoscaling, EventRecorder events) {
    this.autoscaling = autoscaling;
    this.events = events;
  }

  void ensureAutoscaling(ReleaseContext ctx) {
    ServiceSpec.Autoscaling spec =
        ctx.resource.getSpec().service == null ? null : ctx.resource.getSpec().service.autoscaling;
    if (spec == null) return;
    String id = AutoScalingPort.resourceId(ctx.cluster(), ctx.serviceName());
    Optional<ScalableTarget> current = autoscaling.describe(ctx.plan.target(), id);
    boolean matches =
        current
            .filter(
                t ->
                    t.minCapacity() == spec.minCapacity.intValue()
                        && t.maxCapacity() == spec.maxCapacity.intValue())
            .isPresent();
    if (matches) return;
    autoscaling.register(ctx.plan.target(), id, spec.minCapacity, spec.maxCapacity);
    autoscaling.putCpuPolicy(
        ctx.plan.target(),
        id,
        ReleaseRequests.targetCpu(spec),
        spec.scaleInCooldownSeconds,
        spec.scaleOutCooldownSeconds);
    events.normal(
        ctx.resource,
        "AutoscalingConfigured",
        "Autoscaling "
            + spec.minCapacity
            + ".."
            + spec.maxCapacity
            + " tasks at "
            + ReleaseRequests.targetCpu(spec)
            + "% CPU");
  }
}
