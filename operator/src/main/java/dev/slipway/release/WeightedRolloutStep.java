package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.StrategySpec.Step;
import dev.slipway.release.progressive.ReadBack;
import dev.slipway.release.progressive.ReadBack.Health;
import dev.slipway.release.progressive.WeightActions.Weights;
import dev.slipway.release.progressive.WeightedSteps;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Runs a Weighted release, one named move per pass: start the canary service with the new revision
 * on the second target group, walk the steps (setWeight, pause, setHeaderRoute), put all traffic on
 * the canary, update the stable service while it gets none, put all traffic back on it and scale
 * the canary to 0. Abort (or a failed canary) puts 100 % back on stable in one ModifyRule. Before
 * every move the production rule's weights are read back and compared with status, and the target
 * group about to receive more traffic must have targets, all healthy. Everything it knows is in
 * status and AWS, so a restarted operator resumes without writing anything twice.
 */
final class WeightedRolloutStep {
  static final String STARTING = "Starting";
  static final String STEPPING = "Stepping";
  static final String PROMOTING = "Promoting";
  static final String UPDATING_STABLE = "UpdatingStable";
  static final String RETURNING = "Returning";
  static final String FINISHING = "Finishing";
  static final String SUCCEEDED = "Succeeded";
  static final String ABORTING = "Aborting";
  static final String ABORTED = "Aborted";
  static final String ROLLING_BACK = "RollingBack";
  static final String ROLLED_BACK = "RolledBack";

  /** States in which the stable service keeps the revision it had when the steps began. */
  private static final Set<String> STABLE_KEEPS_OLD =
      Set.of(STARTING, STEPPING, PROMOTING, ABORTING, ABORTED, ROLLING_BACK, ROLLED_BACK);

  /** States an abort still undoes: the stable service has not been touched yet. */
  private static final Set<String> ABORTABLE = Set.of(STARTING, STEPPING, PROMOTING);

  private final WeightedTraffic traffic;
  private final CanaryServiceStep canary;
  private final RolloutStep rollouts;
  private final EventRecorder events;
  private final ReleaseSettings settings;

  WeightedRolloutStep(
      WeightedTraffic traffic,
      CanaryServiceStep canary,
      RolloutStep rollouts,
      EventRecorder events,
      ReleaseSettings settings) {
    this.traffic = traffic;
    this.canary = canary;
    this.rollouts = rollouts;
    this.events = events;
    this.settings = settings;
  }

  static boolean isWeighted(StrategySpec s) {
    return s != null && s.type == StrategySpec.Type.Weighted;
  }

  /**
   * Before the service step: starts the steps for a new revision (status only, plus deleting header
   * rules a superseded rollout left), acts on a new abort annotation, notices a canary or stable
   * deployment ECS's circuit breaker failed, and refuses to update the stable service when the
   * weights are not all on the canary. Without steps in flight it is the rolling check.
   */
  Optional<Outcome> before(ReleaseContext ctx, String tdArn) {
    ProgressiveStatus p = ctx.status.progressive;
    if (p == null) return rollouts.endedByEcs(ctx, tdArn);
    if (needsSteps(ctx, p, tdArn)) begin(ctx, p, tdArn);
    if (!ours(ctx, p)) return rollouts.endedByEcs(ctx, tdArn);
    abortIfAsked(ctx, p);
    if (STARTING.equals(p.state) || STEPPING.equals(p.state)) {
      canary
          .describe(ctx, p)
          .flatMap(s -> CanaryServiceStep.failed(s, p.canaryTaskDefinitionArn))
          .ifPresent(why -> rollBack(ctx, p, "CircuitBreaker", "canary service: " + why));
    }
    if (UPDATING_STABLE.equals(p.state)) {
      Optional<Service> stable = ctx.service;
      Optional<String> failed =
          stable.flatMap(s -> CanaryServiceStep.failed(s, p.canaryTaskDefinitionArn));
      if (failed.isPresent()) {
        rollBack(ctx, p, "CircuitBreaker", "stable service: " + failed.get());
      } else if (stable.map(s -> !tdArn.equals(s.taskDefinition())).orElse(false)) {
        // The stable service is about to be updated: only while the canary has all the traffic.
        Optional<Outcome> changed = readBack(ctx, p, 100);
        if (changed.isPresent()) return changed;
      }
    }
    return Optional.empty();
  }

  /** The revision the stable service runs now: the old one until every step is done. */
  String stableRevision(ReleaseContext ctx, String tdArn) {
    ProgressiveStatus p = ctx.status.progressive;
    if (p == null || !ours(ctx, p) || !STABLE_KEEPS_OLD.contains(p.state)) return tdArn;
    return p.stableTaskDefinitionArn;
  }

  /** The outcome of this pass once the stable service asks for its revision. */
  Outcome await(ReleaseContext ctx, String tdArn) {
    ProgressiveStatus p = ctx.status.progressive;
    if (p == null || !ours(ctx, p) || SUCCEEDED.equals(p.state)) {
      if (p != null) acknowledgeIdleAnnotations(ctx, p);
      return rollouts.awaitRollout(ctx, tdArn);
    }
    return switch (p.state) {
      case STARTING -> start(ctx, p);
      case STEPPING -> step(ctx, p);
      case PROMOTING -> promote(ctx, p);
      case UPDATING_STABLE -> updatingStable(ctx, p);
      case RETURNING -> returnToStable(ctx, p);
      case FINISHING -> finish(ctx, p);
      case ABORTING, ROLLING_BACK -> revert(ctx, p);
      default -> rollouts.awaitRollout(ctx, tdArn);
    };
  }

  // --- the moves ---------------------------------------------------------------------------

  /** The canary service runs the new revision steadily, healthy, with no traffic yet. */
  private Outcome start(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Outcome> changed = readBack(ctx, p, 0);
    if (changed.isPresent()) return changed.get();
    if (p.canaryWeight != 0) {
      // A superseded rollout left traffic on the canary: back to stable before it is replaced.
      Optional<Outcome> wait = moveTo(ctx, p, 0);
      if (wait.isPresent()) return wait.get();
    }
    Optional<Outcome> stop = canary.ensure(ctx, p);
    if (stop.isPresent()) return stop.get();
    Optional<String> waiting =
        canary
            .describe(ctx, p)
            .map(s -> CanaryServiceStep.unsteady(s, p.canaryTaskDefinitionArn))
            .orElse(Optional.of("the canary service is being created"))
            .map(w -> "canary service: " + w)
            .or(() -> unhealthy(ctx, p.alternateTargetGroupArn, "canary"));
    if (waiting.isPresent()) {
      return waitOrGiveUp(
          ctx, p, "starting canary service " + p.canaryServiceName + ": " + waiting.get());
    }
    p.state = STEPPING;
    return advanceTo(ctx, p, 0);
  }

  private Outcome step(ReleaseContext ctx, ProgressiveStatus p) {
    List<Step> steps = steps(ctx);
    int i = p.step == null ? 0 : p.step;
    if (i >= steps.size()) {
      p.state = PROMOTING;
      return promote(ctx, p);
    }
    Step s = steps.get(i);
    int intended = s.setWeight != null ? s.setWeight : weight(p);
    Optional<Outcome> changed = readBack(ctx, p, intended);
    if (changed.isPresent()) return changed.get();
    if (s.setWeight != null) {
      Optional<Outcome> wait = moveTo(ctx, p, s.setWeight);
      return wait.orElseGet(() -> advanceTo(ctx, p, i + 1));
    }
    if (s.setHeaderRoute != null) {
      Optional<String> unhealthy = unhealthy(ctx, p.alternateTargetGroupArn, "canary");
      if (unhealthy.isPresent())
        return waitOrGiveUp(ctx, p, position(ctx, p) + ": " + unhealthy.get());
      traffic.ensureHeaderRoutes(ctx, p, WeightedSteps.headerRoutesThrough(steps, i));
      events.normal(
          ctx.resource,
          "HeaderRouteSet",
          "Requests with header "
              + s.setHeaderRoute.name
              + ": "
              + s.setHeaderRoute.value
              + " go to the canary only");
      return advanceTo(ctx, p, i + 1);
    }
    Optional<Duration> pause = WeightedSteps.pauseFor(s);
    if (pause.isPresent()) {
      Duration left = pause.get().minus(ctx.since(p.stepStartedAt));
      if (left.isNegative() || left.isZero()) return advanceTo(ctx, p, i + 1);
      return Outcome.progressing(
          "Paused",
          position(ctx, p) + ": " + left.toSeconds() + "s left",
          min(left, settings.maxPoll()));
    }
    return awaitPromotion(ctx, p, i);
  }

  /** A pause without a duration: goes on when a new slipway.dev/promote value is set. */
  private Outcome awaitPromotion(ReleaseContext ctx, ProgressiveStatus p, int i) {
    Optional<String> asked = annotation(ctx, ReleaseAnnotations.PROMOTE_ANNOTATION);
    if (asked.isPresent() && !asked.get().equals(p.promoteAcknowledged)) {
      p.promoteAcknowledged = asked.get();
      events.normal(
          ctx.resource,
          "Promoted",
          "Promoted past step "
              + (i + 1)
              + " ("
              + ReleaseAnnotations.PROMOTE_ANNOTATION
              + "="
              + asked.get()
              + ")");
      return advanceTo(ctx, p, i + 1);
    }
    if (p.awaitingSince == null) p.awaitingSince = ctx.now.toString();
    return new Outcome(
        Phase.AwaitingPromotion,
        "AwaitingPromotion",
        position(ctx, p)
            + ". Promote with `kubectl slipway promote "
            + ctx.name()
            + "` (annotation "
            + ReleaseAnnotations.PROMOTE_ANNOTATION
            + "), or abort to put all traffic back on the stable service",
        settings.maxPoll());
  }

  /** Every step done: all traffic to the canary, so the stable service can be updated. */
  private Outcome promote(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Outcome> changed = readBack(ctx, p, 100);
    if (changed.isPresent()) return changed.get();
    Optional<Outcome> wait = moveTo(ctx, p, 100);
    if (wait.isPresent()) return wait.get();
    p.state = UPDATING_STABLE;
    ctx.status.rolloutStartedAt = ctx.now.toString();
    return Outcome.progressing(
        "Promoting",
        "steps done: all traffic is on the canary service; the stable service is updated to "
            + ServiceStep.shortArn(p.canaryTaskDefinitionArn)
            + " next, while it gets no traffic",
        settings.minPoll());
  }

  /** The stable service rolls to the new revision; it must be steady and healthy to go on. */
  private Outcome updatingStable(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<String> waiting =
        ctx.service
            .flatMap(s -> CanaryServiceStep.unsteady(s, p.canaryTaskDefinitionArn))
            .map(w -> "stable service: " + w)
            .or(() -> unhealthy(ctx, WeightedTraffic.stableTargetGroup(ctx), "stable"));
    if (waiting.isPresent()) {
      return Outcome.progressing(
          "UpdatingStable",
          "all traffic is on the canary; updating the stable service to "
              + ServiceStep.shortArn(p.canaryTaskDefinitionArn)
              + ": "
              + waiting.get(),
          settings.pollAfter(ctx.since(ctx.status.rolloutStartedAt)));
    }
    p.state = RETURNING;
    return returnToStable(ctx, p);
  }

  /** One ModifyRule back to stable 100 %, verified by reading the rule again. */
  private Outcome returnToStable(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Outcome> changed = readBack(ctx, p, 0);
    if (changed.isPresent()) return changed.get();
    Optional<Outcome> wait = moveTo(ctx, p, 0);
    if (wait.isPresent()) return wait.get();
    p.state = FINISHING;
    return finish(ctx, p);
  }

  /** Traffic verified on stable: header rules go, then the canary scales to 0. */
  private Outcome finish(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Outcome> changed = readBack(ctx, p, 0);
    if (changed.isPresent()) return changed.get();
    traffic.releaseHeaderRoutes(ctx, p);
    canary.scaleDown(ctx, p);
    p.state = SUCCEEDED;
    p.step = steps(ctx).size();
    return Outcome.ready(
        "weighted rollout of "
            + ServiceStep.shortArn(p.canaryTaskDefinitionArn)
            + " completed: the stable service runs it and has all traffic; the canary is scaled "
            + "to 0");
  }

  /**
   * Abort or a failed canary: one ModifyRule putting 100 % on stable (whatever the rule says now:
   * this is the way back), then the header rules go and the canary scales to 0.
   */
  private Outcome revert(ReleaseContext ctx, ProgressiveStatus p) {
    boolean onStable =
        traffic.weights(ctx, p).map(w -> w.canary() == 0 && w.stable() > 0).orElse(false);
    if (!onStable) {
      Optional<String> unhealthy = unhealthy(ctx, WeightedTraffic.stableTargetGroup(ctx), "stable");
      if (unhealthy.isPresent()) {
        return Outcome.progressing(
            ABORTING.equals(p.state) ? "Aborting" : "RollingBack",
            "waiting for the stable target group before moving traffic back: " + unhealthy.get(),
            settings.minPoll());
      }
      traffic.write(ctx, p, 0);
    }
    p.canaryWeight = 0;
    traffic.releaseHeaderRoutes(ctx, p);
    canary.scaleDown(ctx, p);
    String stable = ServiceStep.shortArn(p.stableTaskDefinitionArn);
    if (ABORTING.equals(p.state)) {
      p.state = ABORTED;
      return new Outcome(
          Phase.Aborted,
          "Aborted",
          "the weighted rollout was aborted: all traffic is on the stable service ("
              + stable
              + "), the canary is scaled to 0; set "
              + ServiceReleaseReconciler.RETRY_ANNOTATION
              + " (kubectl slipway retry) or change the spec to deploy again",
          null);
    }
    p.state = ROLLED_BACK;
    return Outcome.rolledBack(
        p.rollbackReason,
        "the canary was rolled back ("
            + p.rollbackReason
            + "): all traffic is on the stable service ("
            + stable
            + "), the canary is scaled to 0");
  }

  // --- checks and bookkeeping --------------------------------------------------------------

  /**
   * Whether this spec's revision needs the steps: the release is in flight, its stable service (its
   * own) runs another revision, and no rollout of this spec is under way (an aborted or rolled back
   * one starts over after a retry).
   */
  private static boolean needsSteps(ReleaseContext ctx, ProgressiveStatus p, String tdArn) {
    boolean inFlight = ctx.currentRelease().map(r -> "InProgress".equals(r.result)).orElse(false);
    if (!inFlight) return false;
    if (ours(ctx, p) && !ABORTED.equals(p.state) && !ROLLED_BACK.equals(p.state)) return false;
    return ctx.service
        .filter(s -> "ACTIVE".equals(s.status()))
        .filter(s -> Tags.provesOwner(s.tags(), ctx.resource))
        .map(Service::taskDefinition)
        .filter(td -> !td.equals(tdArn))
        .isPresent();
  }

  private void begin(ReleaseContext ctx, ProgressiveStatus p, String tdArn) {
    p.rolloutSpecHash = ctx.plan.specHash();
    p.state = STARTING;
    p.step = 0;
    p.stepStartedAt = ctx.now.toString();
    p.stableTaskDefinitionArn = ctx.service.orElseThrow().taskDefinition();
    p.canaryTaskDefinitionArn = tdArn;
    p.canaryServiceName = CanaryServiceStep.name(ctx.serviceName());
    p.rollbackReason = null;
    p.awaitingSince = null;
    if (p.canaryWeight == null) p.canaryWeight = 0;
    ctx.status.rolloutStartedAt = ctx.now.toString();
    // A superseded rollout's header routes would send their partition to a canary being replaced.
    traffic.releaseHeaderRoutes(ctx, p);
    events.normal(
        ctx.resource,
        "WeightedRolloutStarted",
        "Weighted rollout of "
            + ServiceStep.shortArn(tdArn)
            + " started: "
            + steps(ctx).size()
            + " steps; the stable service keeps "
            + ServiceStep.shortArn(p.stableTaskDefinitionArn)
            + " until they are done");
  }

  /** Whether the recorded rollout is this spec's. */
  private static boolean ours(ReleaseContext ctx, ProgressiveStatus p) {
    return ctx.plan.specHash().equals(p.rolloutSpecHash) && p.state != null;
  }

  /**
   * A new abort value: undone while the stable service is untouched, else refused with a reason.
   */
  private void abortIfAsked(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<String> asked = annotation(ctx, ReleaseAnnotations.ABORT_ANNOTATION);
    if (asked.isEmpty() || asked.get().equals(p.abortAcknowledged)) return;
    p.abortAcknowledged = asked.get();
    boolean stableUntouched =
        ABORTABLE.contains(p.state)
            || (UPDATING_STABLE.equals(p.state)
                && ctx.service
                    .map(s -> p.stableTaskDefinitionArn.equals(s.taskDefinition()))
                    .orElse(false));
    String why = "(" + ReleaseAnnotations.ABORT_ANNOTATION + "=" + asked.get() + ")";
    if (stableUntouched) {
      p.state = ABORTING;
      events.warning(
          ctx.resource,
          "Aborting",
          "Weighted rollout aborted " + why + "; putting all traffic back on the stable service");
    } else if (!ABORTING.equals(p.state) && !ROLLING_BACK.equals(p.state)) {
      events.warning(
          ctx.resource,
          "AbortIgnored",
          "Abort "
              + why
              + " comes too late: the stable service is already being updated to "
              + ServiceStep.shortArn(p.canaryTaskDefinitionArn)
              + "; deploy the previous revision to go back");
    }
  }

  private void rollBack(ReleaseContext ctx, ProgressiveStatus p, String reason, String detail) {
    p.state = ROLLING_BACK;
    p.rollbackReason = reason;
    events.warning(
        ctx.resource, "RollingBack", detail + "; putting all traffic back on the stable service");
  }

  /**
   * Reads the production rule back: empty when it forwards what status says (or what this move
   * would write: our own write whose status was lost, recorded now); Failed when someone else
   * changed it. Not a terminal failure: the release goes on once the weights are put back.
   */
  private Optional<Outcome> readBack(ReleaseContext ctx, ProgressiveStatus p, int intended) {
    Optional<Weights> observed = traffic.weights(ctx, p);
    return switch (ReadBack.compare(observed, weight(p), intended)) {
      case AS_RECORDED -> Optional.empty();
      case AS_INTENDED -> {
        p.canaryWeight = intended;
        yield Optional.empty();
      }
      case CHANGED ->
          Optional.of(
              Outcome.failed(
                  "WeightsChanged",
                  "the production rule forwards "
                      + observed.map(Weights::toString).orElse("to something else")
                      + " but Slipway last wrote "
                      + Weights.canary(weight(p))
                      + ": someone else changed it, so Slipway stops rather than fight. Put the "
                      + "weights back, or abort (kubectl slipway abort "
                      + ctx.name()
                      + ") to put all traffic on the stable service",
                  settings.maxPoll()));
    };
  }

  /**
   * Moves the canary weight to {@code target} with one ModifyRule, once the target group that gains
   * traffic has targets and all of them are healthy; an outcome while it waits.
   */
  private Optional<Outcome> moveTo(ReleaseContext ctx, ProgressiveStatus p, int target) {
    int now = weight(p);
    if (now == target) return Optional.empty();
    boolean toCanary = target > now;
    Optional<String> unhealthy =
        toCanary
            ? unhealthy(ctx, p.alternateTargetGroupArn, "canary")
            : unhealthy(ctx, WeightedTraffic.stableTargetGroup(ctx), "stable");
    if (unhealthy.isPresent()) {
      return Optional.of(
          waitOrGiveUp(ctx, p, position(ctx, p) + ": not moving traffic yet: " + unhealthy.get()));
    }
    traffic.write(ctx, p, target);
    events.normal(
        ctx.resource,
        "WeightSet",
        "Production traffic: canary " + target + " %, stable " + (100 - target) + " %");
    return Optional.empty();
  }

  private Optional<String> unhealthy(ReleaseContext ctx, String targetGroupArn, String which) {
    Health h = traffic.health(ctx, targetGroupArn);
    return h.ready() ? Optional.empty() : Optional.of(which + " target group: " + h.describe());
  }

  /** Waits with a message, or rolls back once the progress deadline has passed. */
  private Outcome waitOrGiveUp(ReleaseContext ctx, ProgressiveStatus p, String message) {
    Duration elapsed = ctx.since(ctx.status.rolloutStartedAt);
    if (ctx.status.rolloutStartedAt != null && elapsed.compareTo(ctx.plan.progressDeadline()) > 0) {
      rollBack(
          ctx,
          p,
          "ProgressDeadlineExceeded",
          "progress deadline of "
              + ctx.plan.progressDeadline().toSeconds()
              + "s exceeded: "
              + message);
      return revert(ctx, p);
    }
    return Outcome.progressing("Waiting", message, settings.pollAfter(elapsed));
  }

  private Outcome advanceTo(ReleaseContext ctx, ProgressiveStatus p, int next) {
    p.step = next;
    p.stepStartedAt = ctx.now.toString();
    p.awaitingSince = null;
    // Waiting in a step (a pause, a person) does not count against the progress deadline.
    ctx.status.rolloutStartedAt = ctx.now.toString();
    return Outcome.progressing("Stepping", position(ctx, p), settings.minPoll());
  }

  /** Remembers annotations set while nothing is in flight, so none acts on a later rollout. */
  private static void acknowledgeIdleAnnotations(ReleaseContext ctx, ProgressiveStatus p) {
    boolean inFlight = ctx.currentRelease().map(r -> "InProgress".equals(r.result)).orElse(false);
    if (inFlight) return;
    annotation(ctx, ReleaseAnnotations.PROMOTE_ANNOTATION)
        .ifPresent(v -> p.promoteAcknowledged = v);
    annotation(ctx, ReleaseAnnotations.ABORT_ANNOTATION).ifPresent(v -> p.abortAcknowledged = v);
  }

  private static String position(ReleaseContext ctx, ProgressiveStatus p) {
    return WeightedSteps.position(steps(ctx), p.step == null ? 0 : p.step, weight(p));
  }

  private static List<Step> steps(ReleaseContext ctx) {
    return WeightedSteps.of(ctx.resource.getSpec().strategy);
  }

  private static int weight(ProgressiveStatus p) {
    return p.canaryWeight == null ? 0 : p.canaryWeight;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static Optional<String> annotation(ReleaseContext ctx, String key) {
    Map<String, String> a = ctx.resource.getMetadata().getAnnotations();
    return a == null ? Optional.empty() : Optional.ofNullable(a.get(key)).filter(v -> !v.isBlank());
  }
}
