package dev.slipway.sandbox.sim;

/**
 * What fails a blue/green, canary or linear deployment on its own: the deployment circuit breaker
 * (green's failed tasks reaching the threshold) and the CloudWatch alarms in {@code
 * deploymentConfiguration.alarms} going to ALARM, which ECS watches until clean-up begins.
 */
final class DeploymentWatch {
  /** Why a deployment fails, and whether its configuration asks for a rollback. */
  record Failure(String reason, boolean rollback) {}

  private final RegionState rs;

  DeploymentWatch(RegionState rs) {
    this.rs = rs;
  }

  Failure failure(ServiceModel s, ServiceDeploymentModel sd) {
    var cb = sd.config.deploymentCircuitBreaker();
    if (cb != null && Boolean.TRUE.equals(cb.enable())) {
      if (sd.green().failedTasks >= ServiceScheduler.breakerThreshold(s.desiredCount)) {
        return new Failure(
            "ECS deployment circuit breaker: tasks failed to start.",
            Boolean.TRUE.equals(cb.rollback()));
      }
    }
    if (sd.watchesAlarms() && !"CLEAN_UP".equals(sd.stage)) {
      for (String name : sd.config.alarms().alarmNames()) {
        if (rs.alarms.inAlarm(name)) sd.triggeredAlarms.add(name);
      }
      if (!sd.triggeredAlarms.isEmpty()) {
        return new Failure(
            "CloudWatch alarm(s) " + String.join(", ", sd.triggeredAlarms) + " in ALARM state.",
            Boolean.TRUE.equals(sd.config.alarms().rollback()));
      }
    }
    return null;
  }
}
