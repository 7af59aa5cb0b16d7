package dev.slipway.sandbox.sim;

import java.time.Instant;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookDetail;

/** One lifecycle hook as a deployment runs it at one stage: its id, status and deadline. */
final class HookRun {
  final String hookId;
  final DeploymentLifecycleHook hook;
  final String hookStage;
  final Instant expiresAt;
  final String timeoutAction;
  String status;
  int attempts;
  Instant nextCallAt;

  HookRun(String hookId, DeploymentLifecycleHook hook, String hookStage, Instant now) {
    this.hookId = hookId;
    this.hook = hook;
    this.hookStage = hookStage;
    var timeout = hook.timeoutConfiguration();
    int minutes =
        timeout == null || timeout.timeoutInMinutes() == null ? 1440 : timeout.timeoutInMinutes();
    this.expiresAt = now.plusSeconds(60L * minutes);
    this.timeoutAction =
        timeout == null || timeout.action() == null ? "ROLLBACK" : timeout.actionAsString();
    this.status = isPause() ? "AWAITING_ACTION" : "IN_PROGRESS";
  }

  boolean isPause() {
    return "PAUSE".equals(hook.targetTypeAsString());
  }

  boolean isOpen() {
    return status.equals("AWAITING_ACTION") || status.equals("IN_PROGRESS");
  }

  DeploymentLifecycleHookDetail toSdk() {
    return DeploymentLifecycleHookDetail.builder()
        .hookId(hookId)
        .targetType(hook.targetTypeAsString())
        .targetArn(hook.hookTargetArn())
        .status(status)
        .expiresAt(expiresAt)
        .timeoutAction(timeoutAction)
        .build();
  }
}
