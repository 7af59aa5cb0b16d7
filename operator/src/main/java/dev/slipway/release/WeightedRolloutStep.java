package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.release.progressive.WeightedSteps;
import dev.slipway.status.EventRecorder;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Runs a Weighted release ({@link WeightedMoves} makes each move), one named move per pass: start
 * the canary service with the new revision on the second target group, walk the steps (setWeight,
 * pause, setHeaderRoute), put all traffic on the canary, update the stable service while it gets
 * none, put all traffic back on it and scale the canary to 0. Abort (or a failed canary) puts 100 %
 * back on stable in one ModifyRule. Before every move the production rule's weights are read back
 * and compared with status, and the target group about to receive more traffic must have targets,
 * all healthy. Everything it knows is in status and AWS, so a restarted operator resumes without
 * writing anything twice.
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
  private final WeightedMoves moves;
  private final RolloutStep rollouts;
  private final EventRecorder events;

  WeightedRolloutStep(
      WeightedTraffic traffic,
      CanaryServiceStep canary,
      RolloutStep rollouts,
      EventRecorder events,
      ReleaseSettings settings) {
    this.traffic = traffic;
    this.canary = canary;
    this.moves = new WeightedMoves(traffic, canary, events, settings);
    this.rollouts = rollouts;
    this.events = events;
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
          .ifPresent(why -> moves.rollBack(ctx, p, "CircuitBreaker", "canary service: " + why));
    }
    if (UPDATING_STABLE.equals(p.state)) {
      Optional<Service> stable = ctx.service;
      Optional<String> failed =
          stable.flatMap(s -> CanaryServiceStep.failed(s, p.canaryTaskDefinitionArn));
      if (failed.isPresent()) {
        moves.rollBack(ctx, p, "CircuitBreaker", "stable service: " + failed.get());
      } else if (stable.map(s -> !tdArn.equals(s.taskDefinition())).orElse(false)) {
        // The stable service is about to be updated: only while the canary has all the traffic.
        Optional<Outcome> changed = moves.readBack(ctx, p, 100);
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
      case STARTING -> moves.start(ctx, p);
      case STEPPING -> moves.step(ctx, p);
      case PROMOTING -> moves.promote(ctx, p);
      case UPDATING_STABLE -> moves.updatingStable(ctx, p);
      case RETURNING -> moves.returnToStable(ctx, p);
      case FINISHING -> moves.finish(ctx, p);
      case ABORTING, ROLLING_BACK -> moves.revert(ctx, p);
      default -> rollouts.awaitRollout(ctx, tdArn);
    };
  }

  // --- bookkeeping -----------------------------------------------------------------------

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
            + WeightedSteps.of(ctx.resource.getSpec().strategy).size()
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

  /** Remembers annotations set while nothing is in flight, so none acts on a later rollout. */
  private static void acknowledgeIdleAnnotations(ReleaseContext ctx, ProgressiveStatus p) {
    boolean inFlight = ctx.currentRelease().map(r -> "InProgress".equals(r.result)).orElse(false);
    if (inFlight) return;
    annotation(ctx, ReleaseAnnotations.PROMOTE_ANNOTATION)
        .ifPresent(v -> p.promoteAcknowledged = v);
    annotation(ctx, ReleaseAnnotations.ABORT_ANNOTATION).ifPresent(v -> p.abortAcknowledged = v);
  }

  private static Optional<String> annotation(ReleaseContext ctx, String key) {
    Map<String, String> a = ctx.resource.getMetadata().getAnnotations();
    return a == null ? Optional.empty() : Optional.ofNullable(a.get(key)).filter(v -> !v.isBlank());
  }
}
