package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.DeploymentStatus;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * Follows the ECS deployment of the planned revision without blocking: COMPLETED → Ready; the
 * circuit breaker's FAILED → RolledBack (ECS restored the last good revision); past the progress
 * deadline → Slipway rolls back to the last good revision itself.
 */
final class RolloutStep {
  private final EcsPort ecs;
  private final EventRecorder events;
  private final ReleaseSettings settings;

  RolloutStep(EcsPort ecs, EventRecorder events, ReleaseSettings settings) {
    this.ecs = ecs;
    this.events = events;
    this.settings = settings;
  }

  /**
   * Whether ECS already ended the rollout Slipway started for this release: the circuit breaker
   * failed it (and possibly rolled back), or another revision replaced it. Checked before drift
   * correction, because an ECS rollback looks like drift and must not be "corrected" by pushing the
   * failed revision again.
   */
  Optional<Outcome> endedByEcs(ReleaseContext ctx, String tdArn) {
    Optional<String> started =
        ctx.currentRelease().filter(r -> "InProgress".equals(r.result)).map(r -> r.deploymentId);
    Optional<Service> service = ctx.service.filter(s -> "ACTIVE".equals(s.status()));
    if (started.isEmpty() || service.isEmpty()) return Optional.empty();
    String startedId = started.get();
    Optional<Deployment> ours =
        service.get().deployments().stream().filter(d -> startedId.equals(d.id())).findFirst();
    Optional<Deployment> primary =
        service.get().deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    if (ours.isPresent() && "FAILED".equals(ours.get().rolloutStateAsString())) {
      return Optional.of(
          circuitBreakerTripped(ctx, ours.get(), primary.filter(p -> !startedId.equals(p.id()))));
    }
    if (ours.isEmpty() && primary.isPresent() && !tdArn.equals(primary.get().taskDefinition())) {
      return Optional.of(
          rolledBack(
              ctx,
              "CircuitBreaker",
              "the deployment of "
                  + ServiceStep.shortArn(tdArn)
                  + " was replaced; ECS rolled back to "
                  + ServiceStep.shortArn(primary.get().taskDefinition())));
    }
    return Optional.empty();
  }

  Outcome awaitRollout(ReleaseContext ctx, String tdArn) {
    Optional<Outcome> ended = endedByEcs(ctx, tdArn);
    if (ended.isPresent()) return ended.get();
    Service service = ctx.service.orElseThrow();
    Optional<Deployment> primary =
        service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    if (primary.isEmpty() || !tdArn.equals(primary.get().taskDefinition())) {
      return Outcome.progressing(
          "RolloutPending",
          "waiting for ECS to start deploying " + ServiceStep.shortArn(tdArn),
          settings.minPoll());
    }
    Deployment d = primary.get();
    // Nothing recorded (a retry, or a rollout an older operator started): this revision's is ours.
    ctx.currentRelease()
        .filter(r -> r.deploymentId == null)
        .ifPresent(r -> r.deploymentId = d.id());
    if (isComplete(d, service))
      return Outcome.ready(
          "rollout of "
              + ServiceStep.shortArn(tdArn)
              + " completed: "
              + d.runningCount()
              + "/"
              + d.desiredCount()
              + " tasks running");
    Duration elapsed = ctx.since(ctx.status.rolloutStartedAt);
    if (ctx.status.rolloutStartedAt != null && elapsed.compareTo(ctx.plan.progressDeadline()) > 0) {
      return deadlineExceeded(ctx, tdArn);
    }
    return Outcome.progressing(
        "RolloutInProgress",
        "rolling out "
            + ServiceStep.shortArn(tdArn)
            + ": "
            + d.runningCount()
            + "/"
            + d.desiredCount()
            + " running, "
            + d.pendingCount()
            + " pending"
            + (d.failedTasks() != null && d.failedTasks() > 0
                ? ", " + d.failedTasks() + " failed"
                : ""),
        settings.pollAfter(elapsed));
  }

  /** ECS reports COMPLETED; services created before rollout states existed report nothing. */
  private static boolean isComplete(Deployment d, Service s) {
    if (d.rolloutState() != null) return "COMPLETED".equals(d.rolloutStateAsString());
    return s.deployments().size() == 1 && d.runningCount().equals(d.desiredCount());
  }

  private Outcome circuitBreakerTripped(
      ReleaseContext ctx, Deployment failed, Optional<Deployment> restored) {
    String reason =
        failed.rolloutStateReason() == null ? "deployment failed" : failed.rolloutStateReason();
    if (restored.isPresent()) {
      return rolledBack(
          ctx,
          "CircuitBreaker",
          reason
              + " ("
              + failed.failedTasks()
              + " tasks failed); ECS rolled back to "
              + ServiceStep.shortArn(restored.get().taskDefinition()));
    }
    return Outcome.failed(
        "RolloutFailed",
        reason
            + " ("
            + failed.failedTasks()
            + " tasks failed); no earlier completed revision to roll back to");
  }

  private Outcome deadlineExceeded(ReleaseContext ctx, String tdArn) {
    String deadline =
        "progress deadline of " + ctx.plan.progressDeadline().toSeconds() + "s exceeded";
    String lastGood = ctx.status.lastGoodTaskDefinitionArn;
    if (lastGood == null || lastGood.equals(tdArn)) {
      return Outcome.failed(
          "ProgressDeadlineExceeded", deadline + "; no earlier good revision to roll back to");
    }
    UpdateServiceRequest rollback =
        UpdateServiceRequest.builder()
            .cluster(ctx.cluster())
            .service(ctx.serviceName())
            .taskDefinition(lastGood)
            .build();
    ctx.service = Optional.of(ecs.update(ctx.plan.target(), rollback));
    return rolledBack(
        ctx,
        "ProgressDeadlineExceeded",
        deadline + "; rolled back to " + ServiceStep.shortArn(lastGood));
  }

  private static Outcome rolledBack(ReleaseContext ctx, String reason, String message) {
    return Outcome.rolledBack(reason, message);
  }

  static DeploymentStatus deployment(Deployment d) {
    DeploymentStatus s = new DeploymentStatus();
    s.id = d.id();
    s.rolloutState = d.rolloutStateAsString();
    s.rolloutStateReason = d.rolloutStateReason();
    s.taskDefinitionArn = d.taskDefinition();
    s.desired = d.desiredCount();
    s.running = d.runningCount();
    s.pending = d.pendingCount();
    s.failed = d.failedTasks();
    return s;
  }
}
