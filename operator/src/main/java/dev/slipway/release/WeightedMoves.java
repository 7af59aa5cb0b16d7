package dev.slipway.release;

import static dev.slipway.release.WeightedRolloutStep.ABORTED;
import static dev.slipway.release.WeightedRolloutStep.ABORTING;
import static dev.slipway.release.WeightedRolloutStep.FINISHING;
import static dev.slipway.release.WeightedRolloutStep.PROMOTING;
import static dev.slipway.release.WeightedRolloutStep.RETURNING;
import static dev.slipway.release.WeightedRolloutStep.ROLLED_BACK;
import static dev.slipway.release.WeightedRolloutStep.ROLLING_BACK;
import static dev.slipway.release.WeightedRolloutStep.STEPPING;
import static dev.slipway.release.WeightedRolloutStep.SUCCEEDED;
import static dev.slipway.release.WeightedRolloutStep.UPDATING_STABLE;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
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

/**
 * The moves of a Weighted release, one per pass, each guarded by the read-backs: the production
 * rule's weights must be what status says, and the target group gaining traffic must have targets,
 * all healthy. {@link WeightedRolloutStep} decides which move is due.
 */
final class WeightedMoves {
  private final WeightedTraffic traffic;
  private final CanaryServiceStep canary;
  private final EventRecorder events;
  private final ReleaseSettings settings;

  WeightedMoves(
      WeightedTraffic traffic,
      CanaryServiceStep canary,
      EventRecorder events,
      ReleaseSettings settings) {
    this.traffic = traffic;
    this.canary = canary;
    this.events = events;
    this.settings = settings;
  }

  /** The canary service runs the new revision steadily, healthy, with no traffic yet. */
  Outcome start(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Outcome> changed = readBack(ctx, p, 0);
    if (changed.isPresent()) return changed.get();
    if (weight(p) != 0) {
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

  Outcome step(ReleaseContext ctx, ProgressiveStatus p) {
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
  Outcome promote(ReleaseContext ctx, ProgressiveStatus p) {
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
  Outcome updatingStable(ReleaseContext ctx, ProgressiveStatus p) {
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
  Outcome returnToStable(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Outcome> changed = readBack(ctx, p, 0);
    if (changed.isPresent()) return changed.get();
    Optional<Outcome> wait = moveTo(ctx, p, 0);
    if (wait.isPresent()) return wait.get();
    p.state = FINISHING;
    return finish(ctx, p);
  }

  /** Traffic verified on stable: header rules go, then the canary scales to 0. */
  Outcome finish(ReleaseContext ctx, ProgressiveStatus p) {
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
  Outcome revert(ReleaseContext ctx, ProgressiveStatus p) {
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

  void rollBack(ReleaseContext ctx, ProgressiveStatus p, String reason, String detail) {
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
  Optional<Outcome> readBack(ReleaseContext ctx, ProgressiveStatus p, int intended) {
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
