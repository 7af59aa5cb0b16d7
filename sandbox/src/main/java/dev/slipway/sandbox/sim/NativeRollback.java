package dev.slipway.sandbox.sim;

import java.time.Instant;

/**
 * Rolls a blue/green, canary or linear deployment back (or stops it): blue becomes primary again
 * and is brought back to full strength if clean-up had begun, then all traffic returns to blue in
 * one write, and only then are green's tasks stopped. During bake time blue is still whole, so
 * traffic is back at once.
 */
final class NativeRollback {
  private final RegionState rs;
  private final ServiceScheduler scheduler;
  private final TrafficShifter shifter;

  NativeRollback(RegionState rs, ServiceScheduler scheduler, TrafficShifter shifter) {
    this.rs = rs;
    this.scheduler = scheduler;
    this.shifter = shifter;
  }

  /** Starts a rollback ({@code rollback}) or a stop without one; does nothing if under way. */
  void request(
      ServiceModel s, ServiceDeploymentModel sd, String reason, boolean rollback, Instant t) {
    if (!sd.isActive() || sd.isRollingBack()) return;
    if (sd.source == null) {
      // The service's first deployment: there is nothing to go back to.
      sd.status(
          rollback ? "ROLLBACK_FAILED" : "STOPPED",
          reason + " No earlier service revision to roll back to.",
          t);
      sd.finishedAt = t;
      sd.green().fail(t, reason);
      s.event(rs.ids.uuid(), t, "deployment " + sd.green().id + " deployment failed: " + reason);
      return;
    }
    sd.status(rollback ? "ROLLBACK_REQUESTED" : "STOP_REQUESTED", reason, t);
    sd.rollbackReason = reason;
    sd.rollbackStartedAt = t;
    s.event(
        rs.ids.uuid(),
        t,
        (rollback ? "rolling back" : "stopping")
            + " service deployment "
            + sd.arn
            + " to "
            + sd.source.arn
            + ": "
            + reason);
  }

  void step(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    if (sd.status.equals("ROLLBACK_REQUESTED")) sd.status("ROLLBACK_IN_PROGRESS", null, t);
    DeploymentModel blue = sd.blue();
    DeploymentModel green = sd.green();
    if (s.deployments.indexOf(blue) != 0) {
      s.deployments.remove(blue);
      s.deployments.add(0, blue);
      blue.status = "PRIMARY";
      blue.desiredCount = s.desiredCount;
      green.status = "ACTIVE";
      green.fail(t, sd.rollbackReason);
      s.taskDefinitionArn = blue.taskDefinitionArn;
    }
    if (!sd.trafficRestored && blue.healthyCount() >= s.desiredCount) {
      shifter.production(sd, 0);
      shifter.test(sd, false);
      sd.trafficRestored = true;
      scheduler.stopTasks(s, green.active(), t, "Service deployment " + sd.arn + " rolled back");
    }
    if (sd.trafficRestored && !green.hasUnstoppedTasks()) {
      boolean rollback = !sd.status.equals("STOP_REQUESTED");
      sd.status(rollback ? "ROLLBACK_SUCCESSFUL" : "STOPPED", null, t);
      sd.finishedAt = t;
      if (!rollback) sd.stoppedAt = t;
      s.deployments.remove(green);
      s.steady = false;
      s.event(rs.ids.uuid(), t, "service deployment " + sd.arn + " " + sd.status + ".");
    }
  }
}
