package dev.slipway.release.progressive;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookDetail;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * Where an ECS-native deployment stands, read from its ServiceDeployment: the state a release shows
 * (awaiting promotion, baking, done, rolled back...), the lifecycle stage, and the pause hook a
 * promotion or abort answers.
 */
public record DeploymentView(
    State state, String stage, String hookId, Instant hookExpiresAt, String reason) {

  /** What the deployment is doing, as far as a release cares. */
  public enum State {
    InProgress,
    AwaitingPromotion,
    Baking,
    Succeeded,
    RollingBack,
    RolledBack,
    Stopped,
    RollbackFailed
  }

  /** The view of {@code d}; a pause hook awaiting action wins over the stage. */
  public static DeploymentView of(ServiceDeployment d) {
    String stage = d.lifecycleStageAsString();
    String reason = d.statusReason();
    return switch (d.statusAsString()) {
      case "SUCCESSFUL" -> new DeploymentView(State.Succeeded, stage, null, null, reason);
      case "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS" ->
          new DeploymentView(State.RollingBack, stage, null, null, reason);
      case "ROLLBACK_SUCCESSFUL" -> new DeploymentView(State.RolledBack, stage, null, null, reason);
      case "ROLLBACK_FAILED" -> new DeploymentView(State.RollbackFailed, stage, null, null, reason);
      case "STOP_REQUESTED", "STOPPED" ->
          new DeploymentView(State.Stopped, stage, null, null, reason);
      default -> inProgress(d, stage, reason);
    };
  }

  private static DeploymentView inProgress(ServiceDeployment d, String stage, String reason) {
    Optional<DeploymentLifecycleHookDetail> paused =
        d.lifecycleHookDetails().stream()
            .filter(h -> "PAUSE".equals(h.targetTypeAsString()))
            .filter(h -> "AWAITING_ACTION".equals(h.statusAsString()))
            .findFirst();
    if (paused.isPresent()) {
      return new DeploymentView(
          State.AwaitingPromotion, stage, paused.get().hookId(), paused.get().expiresAt(), reason);
    }
    State state = "BAKE_TIME".equals(stage) ? State.Baking : State.InProgress;
    return new DeploymentView(state, stage, null, null, reason);
  }

  /** Whether ECS has finished with it, one way or the other. */
  public boolean ended() {
    return state == State.Succeeded
        || state == State.RolledBack
        || state == State.Stopped
        || state == State.RollbackFailed;
  }
}
