package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;

/**
 * Runs the lifecycle hooks configured for one stage, in order: a PAUSE hook waits for
 * ContinueServiceDeployment, an AWS_LAMBDA hook asks the simulated function (again after its
 * callback delay while it answers IN_PROGRESS); a hook past its timeout takes its timeout action.
 */
final class LifecycleHookRunner {
  /** Whether the stage's hooks let the deployment go on. */
  enum Result {
    DONE,
    WAITING,
    ROLLBACK
  }

  private final RegionState rs;
  private final DeploymentSettings settings;
  private final Random random;

  LifecycleHookRunner(RegionState rs, DeploymentSettings settings, Random random) {
    this.rs = rs;
    this.settings = settings;
    this.random = random;
  }

  /** The reason of the last {@link Result#ROLLBACK}. */
  String reason;

  Result run(ServiceDeploymentModel sd, String hookStage, Instant t) {
    List<DeploymentLifecycleHook> hooks =
        sd.config.hasLifecycleHooks() ? sd.config.lifecycleHooks() : List.of();
    for (DeploymentLifecycleHook hook : hooks) {
      if (!hook.lifecycleStagesAsStrings().contains(hookStage)) continue;
      HookRun run = find(sd, hook, hookStage);
      if (run == null) {
        run = start(hook, hookStage, t);
        sd.hooks.add(run);
      }
      Result r = advance(sd, run, t);
      if (r != Result.DONE) return r;
    }
    return Result.DONE;
  }

  private Result advance(ServiceDeploymentModel sd, HookRun run, Instant t) {
    if (run.isOpen() && !t.isBefore(run.expiresAt)) run.status = "TIMED_OUT";
    switch (run.status) {
      case "SUCCEEDED":
        return Result.DONE;
      case "TIMED_OUT":
        if (run.timeoutAction.equals("CONTINUE")) return Result.DONE;
        reason = "Lifecycle hook " + run.hookId + " timed out at " + run.hookStage + ".";
        return Result.ROLLBACK;
      case "FAILED":
        reason = "Lifecycle hook " + run.hookId + " failed at " + run.hookStage + ".";
        return Result.ROLLBACK;
      default:
        break;
    }
    if (run.isPause() || t.isBefore(run.nextCallAt)) return Result.WAITING;
    run.attempts++;
    LambdaHookAnswer.Outcome o =
        settings
            .lambda()
            .answer(
                new LambdaHookAnswer.Invocation(
                    run.hook.hookTargetArn(),
                    run.hookStage,
                    sd.service.arn,
                    sd.arn,
                    sd.target.arn,
                    run.attempts));
    switch (o.hookStatus()) {
      case "SUCCEEDED" -> run.status = "SUCCEEDED";
      case "IN_PROGRESS" -> run.nextCallAt = t.plus(o.callBackDelay());
      default -> run.status = "FAILED";
    }
    return advance(sd, run, t);
  }

  private HookRun start(DeploymentLifecycleHook hook, String hookStage, Instant t) {
    String prefix = "PAUSE".equals(hook.targetTypeAsString()) ? "ecs-pause-" : "ecs-hook-";
    HookRun run = new HookRun(prefix + rs.ids.token(43), hook, hookStage, t);
    run.nextCallAt = t.plus(settings.timings.lambdaAnswer(random));
    return run;
  }

  private static HookRun find(
      ServiceDeploymentModel sd, DeploymentLifecycleHook hook, String stage) {
    return sd.hooks.stream()
        .filter(r -> r.hook.equals(hook) && r.hookStage.equals(stage))
        .findFirst()
        .orElse(null);
  }
}
