package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ReleaseRecord;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.StrategySpec.Promotion;
import dev.slipway.aws.CloudWatchPort;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.ElbPort;
import dev.slipway.release.progressive.DeploymentView;
import dev.slipway.release.progressive.DeploymentView.State;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookAction;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Follows an ECS-native (BlueGreen, Canary, Linear) deployment through its ServiceDeployment and
 * acts on it: promotion (the annotation, or the automatic conditions) answers the pause hook with
 * CONTINUE; abort answers it with ROLLBACK, or stops the deployment with rollback at any other
 * stage, bake time included. Every decision is ECS's record plus the acknowledged annotation values
 * in status, so a restarted operator resumes where the deployment is and never starts a second one.
 */
final class NativeRolloutStep {
  /** Stages before production traffic moves: the progress deadline applies only to them. */
  private static final Set<String> BEFORE_PRODUCTION =
      Set.of(
          "RECONCILE_SERVICE",
          "PRE_SCALE_UP",
          "SCALE_UP",
          "POST_SCALE_UP",
          "TEST_TRAFFIC_SHIFT",
          "POST_TEST_TRAFFIC_SHIFT");

  private final EcsPort ecs;
  private final ElbPort elb;
  private final CloudWatchPort cloudwatch;
  private final EventRecorder events;
  private final ReleaseSettings settings;

  NativeRolloutStep(
      EcsPort ecs,
      ElbPort elb,
      CloudWatchPort cloudwatch,
      EventRecorder events,
      ReleaseSettings settings) {
    this.ecs = ecs;
    this.elb = elb;
    this.cloudwatch = cloudwatch;
    this.events = events;
    this.settings = settings;
  }

  /**
   * Whether the deployment this release started has ended without succeeding (rolled back by ECS,
   * by an abort, or stopped). Checked before the service step, because a rollback looks like drift
   * and must not be "corrected" by deploying the same revision again.
   */
  Optional<Outcome> endedByEcs(ReleaseContext ctx) {
    Optional<ServiceDeployment> d = ours(ctx);
    if (d.isEmpty()) return Optional.empty();
    DeploymentView view = DeploymentView.of(d.get());
    record(ctx, view);
    return switch (view.state()) {
      case RolledBack, Stopped, RollbackFailed -> Optional.of(ended(ctx, d.get(), view));
      default -> Optional.empty();
    };
  }

  /**
   * Whether ECS is still working on the deployment this release started (rolling back included).
   * The service step must then leave the service alone: during a rollback the service already names
   * the previous revision, and "correcting" that would start a second deployment.
   */
  boolean deploying(ReleaseContext ctx) {
    return ours(ctx).map(d -> !DeploymentView.of(d).ended()).orElse(false);
  }

  /** The outcome of this pass once the service asks for the plan. */
  Outcome await(ReleaseContext ctx, String tdArn) {
    acknowledgeIdleAnnotations(ctx);
    Optional<ServiceDeployment> found = ours(ctx).or(() -> adopt(ctx, tdArn));
    if (found.isEmpty()) {
      return ctx.currentRelease().map(r -> "Succeeded".equals(r.result)).orElse(false)
          ? Outcome.ready("deployment of " + ServiceStep.shortArn(tdArn) + " completed")
          : Outcome.progressing(
              "RolloutPending",
              "waiting for ECS to start deploying " + ServiceStep.shortArn(tdArn),
              settings.minPoll());
    }
    ServiceDeployment d = found.get();
    DeploymentView view = DeploymentView.of(d);
    record(ctx, view);
    if (view.ended() && view.state() != State.Succeeded) return ended(ctx, d, view);
    Optional<Outcome> aborted = abortIfAsked(ctx, d, view);
    if (aborted.isPresent()) return aborted.get();
    return switch (view.state()) {
      case Succeeded ->
          Outcome.ready(
              strategy(ctx)
                  + " deployment of "
                  + ServiceStep.shortArn(tdArn)
                  + " completed: production traffic is on it");
      case AwaitingPromotion -> awaitingPromotion(ctx, d, view, tdArn);
      case Baking ->
          new Outcome(
              Phase.Baking,
              "Baking",
              "production traffic is on "
                  + ServiceStep.shortArn(tdArn)
                  + "; the previous revision stays up until the bake time ends (abort puts "
                  + "traffic back at once)",
              settings.pollAfter(ctx.since(ctx.status.rolloutStartedAt)));
      case RollingBack ->
          Outcome.progressing(
              "RollingBack",
              "ECS is rolling back the deployment of " + ServiceStep.shortArn(tdArn) + reason(view),
              settings.minPoll());
      default -> inProgress(ctx, d, view, tdArn);
    };
  }

  /** The service deployment this release started, as ECS has it now. */
  private Optional<ServiceDeployment> ours(ReleaseContext ctx) {
    if (ctx.serviceDeployment != null) return Optional.of(ctx.serviceDeployment);
    Optional<String> arn =
        ctx.currentRelease()
            .filter(r -> "InProgress".equals(r.result))
            .map(r -> r.serviceDeploymentArn);
    if (arn.isEmpty()) return Optional.empty();
    Optional<ServiceDeployment> d = ecs.serviceDeployment(ctx.plan.target(), arn.get());
    d.ifPresent(found -> ctx.serviceDeployment = found);
    return d;
  }

  /**
   * A deployment of this revision that status has no record of (the status write after the update
   * was lost, or a retry): the service's current one is ours when the service runs the revision.
   */
  private Optional<ServiceDeployment> adopt(ReleaseContext ctx, String tdArn) {
    Optional<ReleaseRecord> current =
        ctx.currentRelease().filter(r -> "InProgress".equals(r.result));
    if (current.isEmpty()) return Optional.empty();
    Optional<String> arn =
        ctx.service
            .filter(s -> tdArn.equals(s.taskDefinition()))
            .map(s -> s.currentServiceDeployment());
    if (arn.isEmpty() || arn.get() == null) return Optional.empty();
    current.get().serviceDeploymentArn = arn.get();
    return ours(ctx);
  }

  private Outcome inProgress(
      ReleaseContext ctx, ServiceDeployment d, DeploymentView view, String tdArn) {
    Duration elapsed = ctx.since(ctx.status.rolloutStartedAt);
    boolean beforeProduction = view.stage() == null || BEFORE_PRODUCTION.contains(view.stage());
    if (beforeProduction
        && ctx.status.rolloutStartedAt != null
        && elapsed.compareTo(ctx.plan.progressDeadline()) > 0) {
      ecs.rollBackDeployment(ctx.plan.target(), d.serviceDeploymentArn());
      return Outcome.rolledBack(
          "ProgressDeadlineExceeded",
          "progress deadline of "
              + ctx.plan.progressDeadline().toSeconds()
              + "s exceeded before production traffic moved; asked ECS to roll back the "
              + "deployment of "
              + ServiceStep.shortArn(tdArn));
    }
    return Outcome.progressing(
        "Deploying",
        strategy(ctx)
            + " deployment of "
            + ServiceStep.shortArn(tdArn)
            + ": "
            + (view.stage() == null ? "starting" : "stage " + view.stage()),
        settings.pollAfter(elapsed));
  }

  /** Promotes when asked (or when the automatic conditions hold); otherwise shows the wait. */
  private Outcome awaitingPromotion(
      ReleaseContext ctx, ServiceDeployment d, DeploymentView view, String tdArn) {
    ProgressiveStatus p = progressive(ctx);
    if (p.awaitingSince == null) p.awaitingSince = ctx.now.toString();
    Optional<String> asked = annotation(ctx, ReleaseAnnotations.PROMOTE_ANNOTATION);
    if (asked.isPresent() && !asked.get().equals(p.promoteAcknowledged)) {
      return promote(
          ctx,
          d,
          view,
          "promoted (" + ReleaseAnnotations.PROMOTE_ANNOTATION + "=" + asked.get() + ")",
          asked.get());
    }
    if (!d.hasSourceServiceRevisions() || d.sourceServiceRevisions().isEmpty()) {
      // The service's first deployment: no previous revision serves, so nothing is previewed
      // against anything and nobody needs to decide.
      return promote(ctx, d, view, "promoted: it is the service's first deployment", null);
    }
    Promotion promotion = promotion(ctx);
    if (promotion.auto != null) {
      Optional<Outcome> auto = automatic(ctx, d, view, promotion);
      if (auto.isPresent()) return auto.get();
    }
    String until =
        view.hookExpiresAt() == null
            ? ""
            : "; without a decision ECS rolls back at " + view.hookExpiresAt();
    return new Outcome(
        Phase.AwaitingPromotion,
        "AwaitingPromotion",
        "test traffic reaches "
            + ServiceStep.shortArn(tdArn)
            + " only; production stays on the previous revision. Promote with `kubectl slipway "
            + "promote "
            + ctx.name()
            + "` (annotation "
            + ReleaseAnnotations.PROMOTE_ANNOTATION
            + "), or abort"
            + until
            + healthNote(p),
        promotion.auto == null ? settings.maxPoll() : settings.minPoll());
  }

  private Outcome promote(
      ReleaseContext ctx, ServiceDeployment d, DeploymentView view, String why, String ack) {
    ecs.continueDeployment(
        ctx.plan.target(),
        d.serviceDeploymentArn(),
        view.hookId(),
        DeploymentLifecycleHookAction.CONTINUE);
    ProgressiveStatus p = progressive(ctx);
    if (ack != null) p.promoteAcknowledged = ack;
    p.awaitingSince = null;
    p.healthySince = null;
    // Time spent waiting for a person does not count against the progress deadline.
    ctx.status.rolloutStartedAt = ctx.now.toString();
    events.normal(
        ctx.resource, "Promoted", "Deployment " + why + "; production traffic moves next");
    return Outcome.progressing(
        "Promoted",
        "deployment " + why + "; ECS moves production traffic next",
        settings.minPoll());
  }

  /**
   * Automatic promotion: every target of the new revision healthy and every named alarm OK, for
   * {@code afterSeconds} in a row. An alarm in ALARM under mode Auto rolls the deployment back.
   */
  private Optional<Outcome> automatic(
      ReleaseContext ctx, ServiceDeployment d, DeploymentView view, Promotion promotion) {
    ProgressiveStatus p = progressive(ctx);
    String unhealthy = unhealthyTargets(ctx, p);
    List<String> alarms = promotion.auto.alarms == null ? List.of() : promotion.auto.alarms;
    Map<String, String> states =
        alarms.isEmpty() ? Map.of() : cloudwatch.alarmStates(ctx.plan.target(), alarms);
    List<String> firing = alarms.stream().filter(a -> "ALARM".equals(states.get(a))).toList();
    if (!firing.isEmpty() && promotion.mode == Promotion.Mode.Auto) {
      return Optional.of(
          abort(ctx, d, view, "alarm " + String.join(", ", firing) + " is in ALARM"));
    }
    List<String> notOk = alarms.stream().filter(a -> !"OK".equals(states.get(a))).toList();
    if (unhealthy != null || !notOk.isEmpty()) {
      p.healthySince = null;
      p.waitingFor = unhealthy != null ? unhealthy : "alarms not OK: " + String.join(", ", notOk);
      return Optional.empty();
    }
    p.waitingFor = null;
    if (p.healthySince == null) p.healthySince = ctx.now.toString();
    Duration healthy = ctx.since(p.healthySince);
    if (healthy.toSeconds() < promotion.auto.afterSeconds) return Optional.empty();
    return Optional.of(
        promote(
            ctx,
            d,
            view,
            "promoted automatically (targets healthy and alarms OK for "
                + healthy.toSeconds()
                + "s)",
            null));
  }

  /** Null when every target of the new revision is healthy; else what is not. */
  private String unhealthyTargets(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<String> green = testTargetGroup(ctx, p);
    if (green.isEmpty()) return "the new revision's target group is not known yet";
    List<TargetHealthDescription> health = elb.targetHealth(ctx.plan.target(), green.get());
    if (health.isEmpty()) return "no targets of the new revision are registered yet";
    long healthy =
        health.stream().filter(h -> "healthy".equals(h.targetHealth().stateAsString())).count();
    return healthy == health.size()
        ? null
        : healthy + "/" + health.size() + " targets of the new revision healthy";
  }

  /** The target group production does not forward to: where the new revision runs. */
  private Optional<String> testTargetGroup(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Action> forward =
        elb.rule(ctx.plan.target(), p.productionRuleArn)
            .flatMap(r -> r.actions().stream().findFirst());
    if (forward.isEmpty() || forward.get().forwardConfig() == null) return Optional.empty();
    return forward.get().forwardConfig().targetGroups().stream()
        .filter(t -> t.weight() != null && t.weight() == 0)
        .map(TargetGroupTuple::targetGroupArn)
        .findFirst();
  }

  /** Acts on a new abort annotation while the deployment is still ECS's to undo. */
  private Optional<Outcome> abortIfAsked(
      ReleaseContext ctx, ServiceDeployment d, DeploymentView view) {
    Optional<String> asked = annotation(ctx, ReleaseAnnotations.ABORT_ANNOTATION);
    ProgressiveStatus p = progressive(ctx);
    if (asked.isEmpty() || asked.get().equals(p.abortAcknowledged)) return Optional.empty();
    p.abortAcknowledged = asked.get();
    if (view.ended() || view.state() == State.RollingBack) return Optional.empty();
    return Optional.of(
        abort(
            ctx,
            d,
            view,
            "aborted (" + ReleaseAnnotations.ABORT_ANNOTATION + "=" + asked.get() + ")"));
  }

  /**
   * Puts the previous revision back: a deployment held at the pause hook is answered with ROLLBACK;
   * at any other stage it is stopped with rollback.
   */
  private Outcome abort(ReleaseContext ctx, ServiceDeployment d, DeploymentView view, String why) {
    if (view.state() == State.AwaitingPromotion) {
      ecs.continueDeployment(
          ctx.plan.target(),
          d.serviceDeploymentArn(),
          view.hookId(),
          DeploymentLifecycleHookAction.ROLLBACK);
    } else {
      ecs.rollBackDeployment(ctx.plan.target(), d.serviceDeploymentArn());
    }
    progressive(ctx).abortedDeploymentArn = d.serviceDeploymentArn();
    events.warning(
        ctx.resource, "Aborting", "Deployment " + why + "; ECS puts the previous revision back");
    return new Outcome(
        Phase.Progressing,
        "Aborting",
        "deployment " + why + "; ECS is putting the previous revision back",
        settings.minPoll());
  }

  /** A deployment that ended without succeeding: aborted, rolled back or stopped. */
  private Outcome ended(ReleaseContext ctx, ServiceDeployment d, DeploymentView view) {
    boolean aborted = d.serviceDeploymentArn().equals(progressive(ctx).abortedDeploymentArn);
    if (aborted && view.state() != State.RollbackFailed) {
      return new Outcome(
          Phase.Aborted,
          "Aborted",
          "the deployment was aborted and the previous revision serves all traffic; set "
              + ServiceReleaseReconciler.RETRY_ANNOTATION
              + " (kubectl slipway retry) or change the spec to deploy again",
          null);
    }
    return switch (view.state()) {
      case RollbackFailed ->
          Outcome.failed("RollbackFailed", "ECS could not roll the deployment back" + reason(view));
      case Stopped ->
          Outcome.failed("DeploymentStopped", "the deployment was stopped" + reason(view));
      default ->
          Outcome.rolledBack(
              "DeploymentRolledBack",
              "ECS rolled the deployment back" + reason(view) + "; the previous revision serves");
    };
  }

  /** Acts on nothing, but remembers annotations set while nothing awaits, so none acts later. */
  private void acknowledgeIdleAnnotations(ReleaseContext ctx) {
    boolean inFlight = ctx.currentRelease().map(r -> "InProgress".equals(r.result)).orElse(false);
    if (inFlight) return;
    ProgressiveStatus p = progressive(ctx);
    annotation(ctx, ReleaseAnnotations.PROMOTE_ANNOTATION)
        .ifPresent(v -> p.promoteAcknowledged = v);
    annotation(ctx, ReleaseAnnotations.ABORT_ANNOTATION).ifPresent(v -> p.abortAcknowledged = v);
  }

  private static void record(ReleaseContext ctx, DeploymentView view) {
    ProgressiveStatus p = progressive(ctx);
    p.serviceDeploymentArn =
        ctx.serviceDeployment == null
            ? p.serviceDeploymentArn
            : ctx.serviceDeployment.serviceDeploymentArn();
    p.state = view.state().name();
    p.stage = view.stage();
    if (view.state() != State.AwaitingPromotion) {
      p.awaitingSince = null;
      p.healthySince = null;
      p.waitingFor = null;
    }
  }

  private static ProgressiveStatus progressive(ReleaseContext ctx) {
    if (ctx.status.progressive == null) ctx.status.progressive = new ProgressiveStatus();
    return ctx.status.progressive;
  }

  private static Promotion promotion(ReleaseContext ctx) {
    Promotion p = ctx.resource.getSpec().strategy.promotion;
    return p == null ? new Promotion() : p;
  }

  private static String strategy(ReleaseContext ctx) {
    StrategySpec s = ctx.resource.getSpec().strategy;
    return s.type.name();
  }

  private static String healthNote(ProgressiveStatus p) {
    return p.waitingFor == null ? "" : " (automatic promotion waits: " + p.waitingFor + ")";
  }

  private static String reason(DeploymentView view) {
    return view.reason() == null ? "" : ": " + view.reason();
  }

  private static Optional<String> annotation(ReleaseContext ctx, String key) {
    Map<String, String> a = ctx.resource.getMetadata().getAnnotations();
    return a == null ? Optional.empty() : Optional.ofNullable(a.get(key)).filter(v -> !v.isBlank());
  }
}
