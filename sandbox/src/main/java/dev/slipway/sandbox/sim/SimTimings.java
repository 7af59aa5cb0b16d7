package dev.slipway.sandbox.sim;

import java.time.Duration;

/** Simulated durations of the ECS task lifecycle and the scheduler's evaluation step. */
public record SimTimings(
    Duration step,
    Duration provisioning,
    Duration pending,
    Duration healthCheck,
    Duration slowHealthCheck,
    Duration unhealthyDetection,
    Duration drain,
    Duration crashAfter,
    Duration pullFailAfter,
    Duration oneOffRun,
    Duration exitAfter,
    Duration stoppedTaskRetention) {

  /**
   * Defaults: RUNNING after ~20 s, healthy ~20 s later, ~15 s drain; a 2-4 task rollout ~1-2 min.
   */
  public static SimTimings defaults() {
    return new SimTimings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofMinutes(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20),
        Duration.ofHours(1));
  }
}
