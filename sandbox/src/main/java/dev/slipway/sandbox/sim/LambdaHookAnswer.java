package dev.slipway.sandbox.sim;

import java.time.Duration;

/**
 * How the simulated Lambda function behind an AWS_LAMBDA lifecycle hook answers ECS. ECS calls it
 * when the deployment reaches the hook's stage; {@code IN_PROGRESS} makes ECS call again after the
 * callback delay, {@code FAILED} rolls the deployment back. The default always succeeds. It is
 * called inside a simulated step: it may read the simulator, which then shows the state as of that
 * step.
 */
@FunctionalInterface
public interface LambdaHookAnswer {
  /** One call of the hook's function, as ECS makes it. {@code attempt} counts from 1. */
  record Invocation(
      String hookTargetArn,
      String lifecycleStage,
      String serviceArn,
      String serviceDeploymentArn,
      String targetServiceRevisionArn,
      int attempt) {}

  /** The function's answer: hookStatus SUCCEEDED, FAILED or IN_PROGRESS. */
  record Outcome(String hookStatus, Duration callBackDelay) {
    public static final Outcome SUCCEEDED = new Outcome("SUCCEEDED", Duration.ZERO);
    public static final Outcome FAILED = new Outcome("FAILED", Duration.ZERO);

    /** Ask again after {@code delay} (ECS's callBackDelay). */
    public static Outcome inProgress(Duration delay) {
      return new Outcome("IN_PROGRESS", delay);
    }
  }

  LambdaHookAnswer SUCCEED = invocation -> Outcome.SUCCEEDED;

  Outcome answer(Invocation invocation);
}
