package dev.slipway.sandbox.sim;

import java.util.Objects;

/** Simulator-wide settings of ECS-native deployments: timings and the Lambda hooks' answers. */
final class DeploymentSettings {
  final DeploymentTimings timings;
  private volatile LambdaHookAnswer lambda = LambdaHookAnswer.SUCCEED;

  DeploymentSettings(DeploymentTimings timings) {
    this.timings = Objects.requireNonNull(timings);
  }

  LambdaHookAnswer lambda() {
    return lambda;
  }

  void lambda(LambdaHookAnswer answer) {
    this.lambda = Objects.requireNonNull(answer);
  }
}
