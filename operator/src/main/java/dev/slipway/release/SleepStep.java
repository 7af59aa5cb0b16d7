package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.SleepRecord;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.SuspendedState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * Puts a service to sleep and wakes it, in the order that keeps the scaler from fighting back.
 * Sleep: record the counts in status (one pass, before anything changes), then the scalable target
 * to 0..0 with every scaling activity suspended, then desiredCount 0. Wake: the target's range back
 * (still suspended), desiredCount back within it, the normal release steps, and only when every
 * task runs is scaling resumed and the record dropped. Nothing here writes the spec.
 *
 * <p>Application Auto Scaling is read at most once per transition ({@link ScalableTargets}): to
 * record the counts when falling asleep, and before scaling resumes when waking; the passes between
 * trust what the record says Slipway registered.
 */
final class SleepStep {
  static final String ANNOTATION = ServiceRelease.SLEEP_ANNOTATION;

  private final EcsPort ecs;
  private final AutoScalingPort autoscaling;
  private final ScalableTargets targets;
  private final EventRecorder events;
  private final ReleaseSettings settings;

  SleepStep(
      EcsPort ecs,
      AutoScalingPort autoscaling,
      ScalableTargets targets,
      EventRecorder events,
      ReleaseSettings settings) {
    this.ecs = ecs;
    this.autoscaling = autoscaling;
    this.targets = targets;
    this.events = events;
    this.settings = settings;
  }

  static boolean asleepRequested(ServiceRelease sr) {
    Map<String, String> annotations = sr.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ANNOTATION));
  }

  /** Asleep requested: the sleep outcome; otherwise the release goes on. */
  Optional<Outcome> ensureAsleep(ReleaseContext ctx) {
    return asleepRequested(ctx.resource) ? Optional.of(sleep(ctx)) : Optional.empty();
  }

  /**
   * Waking: the counts come back once the pre-deploy tasks (migrations, which a refresh asks to run
   * again) are done, so no task starts on data it cannot use yet.
   */
  void ensureAwake(ReleaseContext ctx) {
    if (ctx.status.sleep != null && !asleepRequested(ctx.resource)) wake(ctx);
  }

  private Outcome sleep(ReleaseContext ctx) {
    Optional<Service> service = ctx.service.filter(s -> "ACTIVE".equals(s.status()));
    if (service.isEmpty()) {
      return new Outcome(
          Phase.Sleeping,
          "Asleep",
          "asleep: no ECS service yet; it is created when the environment wakes",
          settings.resync());
    }
    SleepRecord rec = ctx.status.sleep;
    if (rec == null) {
      // The record goes to status before anything is scaled down: a crash then still knows the
      // counts to restore, instead of recording the zeros it made itself.
      ctx.status.sleep = record(ctx, service.get(), targets.known(ctx));
      return Outcome.progressing(
          "FallingAsleep", "recorded the counts to restore; scaling to zero", Outcome.AT_ONCE);
    }
    // Once asleep, a pass (a resync, an edit) reads the target, so that a change someone else
    // made while the service sleeps is noticed; on the way there the record vouches for it.
    boolean settled = SleepRecord.ASLEEP.equals(rec.state);
    Optional<ScalableTarget> target = settled ? targets.read(ctx) : targets.known(ctx);
    if (!settled) rec.state = SleepRecord.FALLING_ASLEEP;
    if (target.isPresent() && !asleep(target.get())) {
      targets.register(ctx, 0, 0, WakeTargets.ALL_SUSPENDED);
    }
    Service s = service.get();
    if (s.desiredCount() != 0) {
      ctx.service = Optional.of(scaled(ctx, s, 0));
      events.normal(
          ctx.resource,
          "FallingAsleep",
          "Scaling " + ctx.serviceName() + " to zero (was " + rec.desiredCount + " tasks)");
      s = ctx.service.get();
    }
    if (s.runningCount() > 0 || s.pendingCount() > 0) {
      return Outcome.progressing(
          "FallingAsleep",
          "scaling to zero: " + s.runningCount() + " tasks still running",
          settings.minPoll());
    }
    rec.state = SleepRecord.ASLEEP;
    return new Outcome(Phase.Sleeping, "Asleep", asleepMessage(rec), settings.resync());
  }

  private static String asleepMessage(SleepRecord rec) {
    String restore =
        rec.minCapacity == null
            ? rec.desiredCount + " tasks"
            : rec.desiredCount + " tasks, autoscaling " + rec.minCapacity + ".." + rec.maxCapacity;
    String foreign =
        rec.foreignScheduledActions == null || rec.foreignScheduledActions.isEmpty()
            ? ""
            : "; warning: scheduled actions Slipway did not make ("
                + String.join(", ", rec.foreignScheduledActions)
                + ") may scale it once awake";
    return "asleep since " + rec.since + "; waking restores " + restore + foreign;
  }

  private SleepRecord record(ReleaseContext ctx, Service s, Optional<ScalableTarget> target) {
    SleepRecord rec = new SleepRecord();
    rec.state = SleepRecord.FALLING_ASLEEP;
    rec.since = ctx.now.toString();
    rec.desiredCount = s.desiredCount();
    rec.specDesiredCount = ctx.plan.service().desiredCount();
    ServiceSpec.Autoscaling spec = autoscalingSpec(ctx);
    if (spec != null) {
      rec.specMinCapacity = spec.minCapacity;
      rec.specMaxCapacity = spec.maxCapacity;
    }
    target.ifPresent(
        t -> {
          rec.minCapacity = t.minCapacity();
          rec.maxCapacity = t.maxCapacity();
          SuspendedState st = t.suspendedState();
          rec.dynamicScalingInSuspended =
              st != null && Boolean.TRUE.equals(st.dynamicScalingInSuspended());
          rec.dynamicScalingOutSuspended =
              st != null && Boolean.TRUE.equals(st.dynamicScalingOutSuspended());
          rec.scheduledScalingSuspended =
              st != null && Boolean.TRUE.equals(st.scheduledScalingSuspended());
          List<String> foreign =
              autoscaling.scheduledActions(ctx.plan.target(), ScalableTargets.resourceId(ctx));
          if (!foreign.isEmpty()) {
            rec.foreignScheduledActions = foreign;
            events.warning(
                ctx.resource,
                "ForeignScheduledActions",
                "Scheduled actions Slipway did not make act on "
                    + ctx.serviceName()
                    + ": "
                    + String.join(", ", foreign)
                    + "; suspended while asleep, they may scale it once awake");
          }
        });
    return rec;
  }

  /** Puts the recorded range and count back, still suspended; the release steps follow. */
  private void wake(ReleaseContext ctx) {
    SleepRecord rec = ctx.status.sleep;
    Optional<Service> service = ctx.service.filter(s -> "ACTIVE".equals(s.status()));
    if (service.isEmpty()) return;
    WakeTargets wanted =
        WakeTargets.of(rec, ctx.plan.service().desiredCount(), autoscalingSpec(ctx));
    // As the sleep left it, by the record: the range goes back still suspended, which is right
    // whatever the target is now, so it needs no read; the wake reads before scaling resumes.
    Optional<ScalableTarget> target = targets.known(ctx);
    if (!SleepRecord.WAKING.equals(rec.state)) {
      rec.state = SleepRecord.WAKING;
      events.normal(
          ctx.resource,
          "Waking",
          "Waking " + ctx.serviceName() + ": " + wanted.desiredCount() + " tasks");
    }
    if (target.isPresent() && wanted.minCapacity() != null && !range(target.get(), wanted)) {
      targets.register(ctx, wanted.minCapacity(), wanted.maxCapacity(), WakeTargets.ALL_SUSPENDED);
    }
    if (service.get().desiredCount() != wanted.desiredCount()) {
      ctx.service = Optional.of(scaled(ctx, service.get(), wanted.desiredCount()));
    }
  }

  /**
   * After the release steps: a waking service is Ready only when every task it wants runs; then
   * scaling resumes as it was before the sleep, and the record goes.
   */
  Outcome finishWake(ReleaseContext ctx, Outcome outcome) {
    SleepRecord rec = ctx.status.sleep;
    if (rec == null || asleepRequested(ctx.resource) || outcome.phase() != Phase.Ready) {
      return outcome;
    }
    Service s = ctx.service.orElse(null);
    if (s != null && (s.runningCount() < s.desiredCount() || s.pendingCount() > 0)) {
      return Outcome.progressing(
          "Waking",
          "waking: " + s.runningCount() + "/" + s.desiredCount() + " tasks running",
          settings.minPoll());
    }
    WakeTargets wanted =
        WakeTargets.of(rec, ctx.plan.service().desiredCount(), autoscalingSpec(ctx));
    // The one read of a wake, where its answer decides: scaling resumes on the target as it is
    // now (a range someone changed meanwhile is kept), and not at all if it is gone.
    Optional<ScalableTarget> target = targets.read(ctx);
    if (target.isPresent() && !suspended(target.get(), wanted.suspendedAfter())) {
      ScalableTarget t = target.get();
      targets.register(ctx, t.minCapacity(), t.maxCapacity(), wanted.suspendedAfter());
    }
    ctx.status.sleep = null;
    events.normal(ctx.resource, "Awake", ctx.serviceName() + " is awake: " + outcome.message());
    return Outcome.ready("awake: " + outcome.message());
  }

  private static boolean asleep(ScalableTarget t) {
    return t.minCapacity() == 0 && t.maxCapacity() == 0 && ScalableTargets.allSuspended(t);
  }

  /** Whether the target's activities are suspended exactly as {@code wanted} says. */
  private static boolean suspended(ScalableTarget t, SuspendedState wanted) {
    SuspendedState s =
        t.suspendedState() == null ? SuspendedState.builder().build() : t.suspendedState();
    return Boolean.TRUE.equals(s.dynamicScalingInSuspended())
            == Boolean.TRUE.equals(wanted.dynamicScalingInSuspended())
        && Boolean.TRUE.equals(s.dynamicScalingOutSuspended())
            == Boolean.TRUE.equals(wanted.dynamicScalingOutSuspended())
        && Boolean.TRUE.equals(s.scheduledScalingSuspended())
            == Boolean.TRUE.equals(wanted.scheduledScalingSuspended());
  }

  private static boolean range(ScalableTarget t, WakeTargets wanted) {
    return t.minCapacity().equals(wanted.minCapacity())
        && t.maxCapacity().equals(wanted.maxCapacity());
  }

  /**
   * UpdateService with only the count. Its answer carries no tags (DescribeServices gives them only
   * when asked), so the observed ones are kept: later steps prove ownership with them.
   */
  private Service scaled(ReleaseContext ctx, Service observed, int count) {
    Service updated = ecs.update(ctx.plan.target(), desired(ctx, count));
    return updated.hasTags() ? updated : updated.toBuilder().tags(observed.tags()).build();
  }

  private static UpdateServiceRequest desired(ReleaseContext ctx, int count) {
    return UpdateServiceRequest.builder()
        .cluster(ctx.cluster())
        .service(ctx.serviceName())
        .desiredCount(count)
        .build();
  }

  private static ServiceSpec.Autoscaling autoscalingSpec(ReleaseContext ctx) {
    ServiceSpec s = ctx.resource.getSpec().service;
    return s == null ? null : s.autoscaling;
  }
}
