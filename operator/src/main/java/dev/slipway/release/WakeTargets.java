package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.SleepRecord;
import java.util.Objects;
import software.amazon.awssdk.services.applicationautoscaling.model.SuspendedState;

/**
 * What a waking service is brought back to, computed purely from its sleep record and its spec: a
 * value the spec changed while the service slept comes from the spec, anything else is restored as
 * recorded, and the desired count always lies within the restored minimum and maximum.
 *
 * @param minCapacity null when the service had no scalable target and the spec has no autoscaling
 * @param suspendedAfter the suspended state to put back last, once the service is healthy
 */
record WakeTargets(
    int desiredCount, Integer minCapacity, Integer maxCapacity, SuspendedState suspendedAfter) {

  /** Everything suspended: how the scalable target stays until the woken service is healthy. */
  static final SuspendedState ALL_SUSPENDED =
      SuspendedState.builder()
          .dynamicScalingInSuspended(true)
          .dynamicScalingOutSuspended(true)
          .scheduledScalingSuspended(true)
          .build();

  static WakeTargets of(SleepRecord rec, int specDesired, ServiceSpec.Autoscaling spec) {
    Integer min = rec.minCapacity;
    Integer max = rec.maxCapacity;
    if (spec != null) {
      min = changed(spec.minCapacity, rec.specMinCapacity) || min == null ? spec.minCapacity : min;
      max = changed(spec.maxCapacity, rec.specMaxCapacity) || max == null ? spec.maxCapacity : max;
    }
    int desired =
        changed(specDesired, rec.specDesiredCount) || rec.desiredCount == null
            ? specDesired
            : rec.desiredCount;
    if (min != null && max != null) desired = Math.max(min, Math.min(max, desired));
    SuspendedState after =
        SuspendedState.builder()
            .dynamicScalingInSuspended(Boolean.TRUE.equals(rec.dynamicScalingInSuspended))
            .dynamicScalingOutSuspended(Boolean.TRUE.equals(rec.dynamicScalingOutSuspended))
            .scheduledScalingSuspended(Boolean.TRUE.equals(rec.scheduledScalingSuspended))
            .build();
    return new WakeTargets(desired, min, max, after);
  }

  private static boolean changed(Integer now, Integer then) {
    return then != null && !Objects.equals(now, then);
  }
}
