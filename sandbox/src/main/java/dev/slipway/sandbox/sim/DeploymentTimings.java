package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.util.Random;

/**
 * Simulated durations of ECS blue/green, canary and linear deployments that the service's own
 * settings (bake times, hook timeouts) do not fix: how long ECS takes between lifecycle stages and
 * how fast a Lambda hook answers. One draw in {@code tailChance} lands in a long tail.
 */
public record DeploymentTimings(
    Duration stageTransition,
    Duration stageTransitionTail,
    Duration lambdaAnswer,
    Duration lambdaAnswerTail,
    double tailChance) {

  /** About 10 s between stages (a tail to 2 min) and 2 s per Lambda answer (tail 30 s). */
  public static DeploymentTimings defaults() {
    return new DeploymentTimings(
        Duration.ofSeconds(10),
        Duration.ofMinutes(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        0.05);
  }

  /** No waiting beyond the scheduler's 5-second step, for tests. */
  public static DeploymentTimings fast() {
    return new DeploymentTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
  }

  Duration stageTransition(Random random) {
    return draw(random, stageTransition, stageTransitionTail);
  }

  Duration lambdaAnswer(Random random) {
    return draw(random, lambdaAnswer, lambdaAnswerTail);
  }

  /** Usually half to one and a half times the typical value; now and then up to the tail. */
  private Duration draw(Random random, Duration typical, Duration tail) {
    if (typical.isZero() && tail.isZero()) return Duration.ZERO;
    if (random.nextDouble() < tailChance) {
      long span = Math.max(0, tail.toMillis() - typical.toMillis());
      return typical.plusMillis((long) (random.nextDouble() * span));
    }
    return Duration.ofMillis((long) (typical.toMillis() * (0.5 + random.nextDouble())));
  }
}
