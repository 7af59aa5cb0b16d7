package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.status.EventRecorder;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/**
 * Ensures the service's scalable target and CPU target-tracking policy when autoscaling is
 * configured. The scaler then owns desiredCount: the service step never sets it again. The target
 * is the one the pass already knows ({@link ScalableTargets}): while the service wakes, the one the
 * wake just registered, with no read of its own.
 */
final class AutoscalingStep {
  private final AutoScalingPort autoscaling;
  private final ScalableTargets targets;
  private final EventRecorder events;

  AutoscalingStep(AutoScalingPort autoscaling, ScalableTargets targets, EventRecorder events) {
    this.autoscaling = autoscaling;
    this.targets = targets;
    this.events = events;
  }

  void ensureAutoscaling(ReleaseContext ctx) {
    ServiceSpec.Autoscaling spec =
        ctx.resource.getSpec().service == null ? null : ctx.resource.getSpec().service.autoscaling;
    if (spec == null) return;
    Optional<ScalableTarget> current = targets.known(ctx);
    boolean matches =
        current
            .filter(
                t ->
                    t.minCapacity() == spec.minCapacity.intValue()
                        && t.maxCapacity() == spec.maxCapacity.intValue())
            .isPresent();
    if (matches) return;
    targets.register(ctx, spec.minCapacity, spec.maxCapacity, null);
    autoscaling.putCpuPolicy(
        ctx.plan.target(),
        ScalableTargets.resourceId(ctx),
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
