package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.SleepRecord;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
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
 */
final class SleepStep {
  static final String ANNOTATION = ServiceRelease.SLEEP_ANNOTATION;

  private final EcsPort ecs;
  private final AutoScalingPort autoscaling;
  private final EventRecorder events;
  private final ReleaseSettings settings;

  SleepStep(
      EcsPort ecs, AutoScalingPort autoscaling, EventRecorder events, ReleaseSettings settings) {
    this.ecs = ecs;
    this.autoscaling = autoscaling;
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
    String id = resourceId(ctx);
    SleepRecord rec = ctx.status.sleep;
    Optional<ScalableTarget> target = target(ctx, rec);
    if (rec == null) {
      // The record goes to status before anything is scaled down: a crash then still knows the
      // counts to restore, instead of recording the zeros it made itself.
      ctx.status.sleep = record(ctx, service.get(), target);
      return Outcome.progressing(
          "FallingAsleep", "recorded the counts to restore; scaling to zero", Duration.ZERO);
    }
    rec.state = "Asleep";
    if (target.isPresent() && !asleep(target.get())) {
      autoscaling.register(ctx.plan.target(), id, 0, 0, WakeTargets.ALL_SUSPENDED);
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
    rec.state = "Asleep";
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
          List<String> foreign = autoscaling.scheduledActions(ctx.plan.target(), resourceId(ctx));
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
    if (!"Waking".equals(rec.state)) {
      rec.state = "Waking";
      events.normal(
          ctx.resource,
          "Waking",
          "Waking " + ctx.serviceName() + ": " + wanted.desiredCount() + " tasks");
    }
    String id = resourceId(ctx);
    Optional<ScalableTarget> target = target(ctx, rec);
    if (target.isPresent() && wanted.minCapacity() != null && !range(target.get(), wanted)) {
      autoscaling.register(
          ctx.plan.target(),
          id,
          wanted.minCapacity(),
          wanted.maxCapacity(),
          WakeTargets.ALL_SUSPENDED);
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
    String id = resourceId(ctx);
    Optional<ScalableTarget> target = target(ctx, rec);
    if (target.isPresent()) {
      ScalableTarget t = target.get();
      autoscaling.register(
          ctx.plan.target(), id, t.minCapacity(), t.maxCapacity(), wanted.suspendedAfter());
    }
    ctx.status.sleep = null;
    events.normal(ctx.resource, "Awake", ctx.serviceName() + " is awake: " + outcome.message());
    return Outcome.ready("awake: " + outcome.message());
  }

  /**
   * The scalable target, described only when there can be one: a service that had none when it fell
   * asleep and whose spec asks for none is not looked up again on every pass (the benchmark showed
   * these reads filling Application Auto Scaling's bucket).
   */
  private Optional<ScalableTarget> target(ReleaseContext ctx, SleepRecord rec) {
    if (rec != null && rec.minCapacity == null && autoscalingSpec(ctx) == null) {
      return Optional.empty();
    }
    return autoscaling.describe(ctx.plan.target(), resourceId(ctx));
  }

  private static boolean asleep(ScalableTarget t) {
    SuspendedState s = t.suspendedState();
    return t.minCapacity() == 0
        && t.maxCapacity() == 0
        && s != null
        && Boolean.TRUE.equals(s.dynamicScalingInSuspended())
        && Boolean.TRUE.equals(s.dynamicScalingOutSuspended())
        && Boolean.TRUE.equals(s.scheduledScalingSuspended());
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

  private static String resourceId(ReleaseContext ctx) {
    return AutoScalingPort.resourceId(ctx.cluster(), ctx.serviceName());
  }
}
