package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.SleepRecord;
import dev.slipway.aws.AutoScalingPort;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.SuspendedState;

/**
 * The service's scalable target as a pass knows it, so that a sleep or a wake costs at most one
 * DescribeScalableTargets: within a pass, what was read or registered is reused by every step;
 * across the passes of a transition, the sleep record says what Slipway last registered ({@code
 * status.sleep.scalableTarget}) and is trusted instead of a read. Application Auto Scaling's one
 * bucket is shared by reads and writes, and a read per step per pass made sleep and wake of a few
 * hundred services wait on reads.
 *
 * <p>Trusting status is safe here because every register Slipway makes in a transition writes the
 * whole desired state (the range, and everything suspended) and is idempotent: a stale record costs
 * at most one redundant write, never a wrong one. Reads stay where the answer decides something:
 * the pass that records the counts, the look at a service already asleep (so a change made by
 * someone else is noticed once per resync interval), and the last pass of a wake before scaling
 * resumes.
 */
final class ScalableTargets {
  /** The value of {@code status.sleep.scalableTarget} when the service has none. */
  static final String NONE = "none";

  private static final Pattern RANGE = Pattern.compile("(\\d{1,9})\\.\\.(\\d{1,9})");

  /**
   * A scalable target as one pass knows it.
   *
   * @param target empty when there is none
   * @param read whether this pass read it from AWS (rather than trusting status or its own write)
   */
  record Known(Optional<ScalableTarget> target, boolean read) {}

  private final AutoScalingPort port;

  ScalableTargets(AutoScalingPort port) {
    this.port = port;
  }

  /**
   * Whether Slipway deals with a scalable target for this service: the spec asks for autoscaling,
   * or did when the service fell asleep. A target someone made for a service whose spec asks for
   * none is not Slipway's to suspend or resume (nor to deregister, see DeletionStep), so such a
   * service costs no Application Auto Scaling call at all.
   */
  static boolean mayExist(ReleaseContext ctx) {
    ServiceSpec s = ctx.resource.getSpec().service;
    SleepRecord rec = ctx.status.sleep;
    return (s != null && s.autoscaling != null) || (rec != null && rec.minCapacity != null);
  }

  /**
   * The target as this pass knows it: what the pass read or registered, else what the sleep record
   * vouches for, else one read.
   */
  Optional<ScalableTarget> known(ReleaseContext ctx) {
    if (!mayExist(ctx)) return Optional.empty();
    if (ctx.scalableTarget == null) ctx.scalableTarget = vouched(ctx).orElse(null);
    return ctx.scalableTarget != null ? ctx.scalableTarget.target() : read(ctx);
  }

  /**
   * The target as Application Auto Scaling has it now: one read per pass at most. A sleep record
   * learns from it (see {@link #remember}).
   */
  Optional<ScalableTarget> read(ReleaseContext ctx) {
    if (!mayExist(ctx)) return Optional.empty();
    if (ctx.scalableTarget == null || !ctx.scalableTarget.read()) {
      Optional<ScalableTarget> t = port.describe(ctx.plan.target(), resourceId(ctx));
      ctx.scalableTarget = new Known(t, true);
      remember(ctx);
    }
    return ctx.scalableTarget.target();
  }

  /**
   * Registers the range, and the suspended state unless null (then it stays as it is), and notes
   * what the target now is for the rest of the pass and, while the service sleeps or wakes, for the
   * passes after it.
   */
  void register(ReleaseContext ctx, int min, int max, SuspendedState suspended) {
    String id = resourceId(ctx);
    if (suspended == null) port.register(ctx.plan.target(), id, min, max);
    else port.register(ctx.plan.target(), id, min, max, suspended);
    ScalableTarget before =
        ctx.scalableTarget == null ? null : ctx.scalableTarget.target().orElse(null);
    ScalableTarget.Builder b = before == null ? blank(id) : before.toBuilder();
    b.minCapacity(min).maxCapacity(max);
    if (suspended != null) b.suspendedState(suspended);
    boolean read = ctx.scalableTarget != null && ctx.scalableTarget.read();
    ctx.scalableTarget = new Known(Optional.of(b.build()), read);
    remember(ctx);
  }

  /**
   * Writes what the pass knows into the sleep record: "min..max" for a target with everything
   * suspended (the only kind a sleep or wake leaves behind), "none" for no target, and nothing
   * (read again next time) for anything else.
   */
  private static void remember(ReleaseContext ctx) {
    SleepRecord rec = ctx.status.sleep;
    if (rec == null) return;
    Optional<ScalableTarget> t = ctx.scalableTarget.target();
    if (t.isEmpty()) rec.scalableTarget = NONE;
    else if (allSuspended(t.get()))
      rec.scalableTarget = t.get().minCapacity() + ".." + t.get().maxCapacity();
    else rec.scalableTarget = null;
  }

  /**
   * What the sleep record vouches for: the target Slipway last registered or read while the service
   * slept or woke; or, on the pass right after the counts were recorded (nothing registered yet),
   * the target as that pass read it. Empty when it vouches for nothing and the target must be read.
   */
  private static Optional<Known> vouched(ReleaseContext ctx) {
    SleepRecord rec = ctx.status.sleep;
    if (rec == null) return Optional.empty();
    if (NONE.equals(rec.scalableTarget)) return Optional.of(new Known(Optional.empty(), false));
    if (rec.scalableTarget != null) {
      Matcher range = RANGE.matcher(rec.scalableTarget);
      if (!range.matches()) return Optional.empty();
      ScalableTarget t =
          blank(resourceId(ctx))
              .minCapacity(Integer.valueOf(range.group(1)))
              .maxCapacity(Integer.valueOf(range.group(2)))
              .suspendedState(WakeTargets.ALL_SUSPENDED)
              .build();
      return Optional.of(new Known(Optional.of(t), false));
    }
    if (SleepRecord.FALLING_ASLEEP.equals(rec.state)) {
      return Optional.of(new Known(recorded(ctx, rec), false));
    }
    return Optional.empty();
  }

  /** The target as the record pass read it (the counts it recorded). */
  private static Optional<ScalableTarget> recorded(ReleaseContext ctx, SleepRecord rec) {
    if (rec.minCapacity == null) return Optional.empty();
    return Optional.of(
        blank(resourceId(ctx))
            .minCapacity(rec.minCapacity)
            .maxCapacity(rec.maxCapacity)
            .suspendedState(
                SuspendedState.builder()
                    .dynamicScalingInSuspended(Boolean.TRUE.equals(rec.dynamicScalingInSuspended))
                    .dynamicScalingOutSuspended(Boolean.TRUE.equals(rec.dynamicScalingOutSuspended))
                    .scheduledScalingSuspended(Boolean.TRUE.equals(rec.scheduledScalingSuspended))
                    .build())
            .build());
  }

  static boolean allSuspended(ScalableTarget t) {
    SuspendedState s = t.suspendedState();
    return s != null
        && Boolean.TRUE.equals(s.dynamicScalingInSuspended())
        && Boolean.TRUE.equals(s.dynamicScalingOutSuspended())
        && Boolean.TRUE.equals(s.scheduledScalingSuspended());
  }

  private static ScalableTarget.Builder blank(String resourceId) {
    return ScalableTarget.builder()
        .serviceNamespace(ServiceNamespace.ECS)
        .resourceId(resourceId)
        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT);
  }

  static String resourceId(ReleaseContext ctx) {
    return AutoScalingPort.resourceId(ctx.cluster(), ctx.serviceName());
  }
}
