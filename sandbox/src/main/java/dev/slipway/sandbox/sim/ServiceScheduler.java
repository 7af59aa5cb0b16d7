package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ECS service scheduler, evaluated one simulated step at a time: launches tasks within
 * maximumPercent, stops old ones while keeping minimumHealthyPercent healthy, trips the deployment
 * circuit breaker, rolls back, and marks deployments COMPLETED.
 */
final class ServiceScheduler {
  private final RegionState rs;
  private final TaskFactory factory;
  final ServiceDeploymentLedger ledger;
  final NativeDeploymentScheduler nativeDeployments;

  ServiceScheduler(RegionState rs, TaskFactory factory, DeploymentSettings settings, long seed) {
    this.rs = rs;
    this.factory = factory;
    this.ledger = new ServiceDeploymentLedger(rs);
    this.nativeDeployments = new NativeDeploymentScheduler(rs, this, factory, settings, seed);
  }

  /** Failed tasks that trip the breaker: half the desired count, at least 3, at most 200. */
  static int breakerThreshold(int desiredCount) {
    int half = (int) Math.ceil(desiredCount / 2.0);
    return Math.max(3, Math.min(200, half));
  }

  /** True while the service still has work to do (so time must be stepped, not skipped). */
  static boolean isBusy(ServiceModel s) {
    if (s.status.equals("INACTIVE")) return false;
    if (s.status.equals("DRAINING")) return true;
    if (s.activeNativeDeployment() != null) return true;
    boolean canProgress = !s.steady && !s.primary().rolloutState.equals("FAILED");
    return canProgress || s.tasks().anyMatch(TaskModel::hasPendingTransition);
  }

  void step(ServiceModel s, Instant t) {
    if (s.status.equals("INACTIVE")) return;
    if (s.status.equals("DRAINING")) {
      drain(s, t);
      return;
    }
    killUnhealthy(s, t);
    ServiceDeploymentModel sd = s.activeNativeDeployment();
    if (sd != null) {
      nativeDeployments.step(s, sd, t);
      return;
    }
    tripBreaker(s, t);
    stopSurplus(s, t);
    launch(s, t);
    settle(s, t);
  }

  private void drain(ServiceModel s, Instant t) {
    stop(s, s.tasks().filter(TaskModel::isActive).toList(), t, "Service is being deleted");
    if (s.tasks().allMatch(TaskModel::isStopped)) {
      s.status = "INACTIVE";
      s.deployments.removeIf(d -> !d.isPrimary());
    }
  }

  /** With a load balancer, ECS replaces tasks that stay unhealthy past the grace period. */
  private void killUnhealthy(ServiceModel s, Instant t) {
    Duration grace =
        Duration.ofSeconds(
            s.healthCheckGracePeriodSeconds == null ? 0 : s.healthCheckGracePeriodSeconds);
    Duration limit =
        grace.compareTo(rs.timings.unhealthyDetection()) > 0
            ? grace
            : rs.timings.unhealthyDetection();
    for (TaskModel task : s.tasks().filter(TaskModel::isRunning).toList()) {
      if (task.healthy || task.deployment.loadBalancers.isEmpty()) continue;
      if (t.isBefore(task.startedAt.plus(limit))) continue;
      String tg = task.deployment.loadBalancers.get(0).targetGroupArn();
      task.beginStop(
          t,
          "ServiceSchedulerInitiated",
          "Task failed ELB health checks in (target-group " + tg + ")",
          Duration.ZERO,
          rs.hooks);
      task.countFailure();
    }
  }

  private void tripBreaker(ServiceModel s, Instant t) {
    DeploymentModel p = s.primary();
    if (!s.breakerEnabled() || !p.rolloutState.equals("IN_PROGRESS")) return;
    if (p.failedTasks < breakerThreshold(s.desiredCount)) return;
    String reason = "ECS deployment circuit breaker: tasks failed to start.";
    p.fail(t, reason);
    s.event(rs.ids.uuid(), t, "deployment " + p.id + " deployment failed: tasks failed to start.");
    if (!s.breakerRollback()) {
      ledger.failed(p, null, reason, t);
      return;
    }
    rollBack(s, p, reason, t);
  }

  /**
   * Rolls a rolling deployment back by deploying the last COMPLETED task definition again; false
   * when there is none to go back to.
   */
  boolean rollBack(ServiceModel s, DeploymentModel p, String reason, Instant t) {
    String previous = s.lastCompletedTaskDefinition;
    if (previous == null || previous.equals(p.taskDefinitionArn)) {
      ledger.failed(p, null, reason, t);
      return false;
    }
    if (p.rolloutState.equals("IN_PROGRESS")) p.fail(t, reason);
    p.status = "ACTIVE";
    s.taskDefinitionArn = previous;
    DeploymentModel rollback = new DeploymentModel(deploymentId(), previous, s, t);
    s.deployments.add(0, rollback);
    s.steady = false;
    ledger.failed(p, rollback, reason, t);
    s.event(rs.ids.uuid(), t, "rolling back to deployment " + s.lastCompletedDeploymentId + ".");
    stop(s, p.active(), t, "Scaling activity initiated by (deployment " + rollback.id + ")");
    return true;
  }

  /** Stops what the new deployment no longer needs, never going below minimumHealthyPercent. */
  private void stopSurplus(ServiceModel s, Instant t) {
    DeploymentModel p = s.primary();
    String reason = "Scaling activity initiated by (deployment " + p.id + ")";
    List<TaskModel> old = new ArrayList<>();
    s.deployments.stream().filter(d -> d != p).forEach(d -> old.addAll(d.active()));
    stop(s, old.stream().filter(task -> !(task.isRunning() && task.healthy)).toList(), t, reason);

    int minHealthy = (int) Math.ceil(s.desiredCount * s.minimumHealthyPercent() / 100.0);
    long healthy = s.tasks().filter(task -> task.isRunning() && task.healthy).count();
    List<TaskModel> oldHealthy = old.stream().filter(TaskModel::isActive).toList();
    int canStop = (int) Math.max(0, Math.min(oldHealthy.size(), healthy - minHealthy));
    stop(s, oldHealthy.subList(0, canStop), t, reason);

    List<TaskModel> mine = new ArrayList<>(p.active());
    if (mine.size() > s.desiredCount) {
      // Scale-in: drop tasks that are not serving yet first, then the newest.
      mine.sort(
          Comparator.comparing((TaskModel x) -> x.healthy)
              .thenComparing(x -> x.createdAt, Comparator.reverseOrder()));
      stop(s, mine.subList(0, mine.size() - s.desiredCount), t, reason);
    }
  }

  private void launch(ServiceModel s, Instant t) {
    DeploymentModel p = s.primary();
    if (p.rolloutState.equals("FAILED")) return;
    int maxTotal = (int) Math.floor(s.desiredCount * s.maximumPercent() / 100.0);
    long totalActive = s.tasks().filter(TaskModel::isActive).count();
    int n = (int) Math.min(s.desiredCount - p.active().size(), maxTotal - totalActive);
    if (n <= 0) return;
    List<TaskModel> started = new ArrayList<>();
    for (int i = 0; i < n; i++) started.add(factory.launchForService(s, p, t));
    s.steady = false;
    p.updatedAt = t;
    s.event(rs.ids.uuid(), t, "has started " + n + " tasks: " + list(started) + ".");
  }

  /**
   * Once the primary is fully healthy and older deployments have no tasks left, the older ones go
   * away (until then they stay listed, so a FAILED deployment remains visible during a rollback).
   */
  private void settle(ServiceModel s, Instant t) {
    DeploymentModel p = s.primary();
    boolean full = p.healthyCount() >= s.desiredCount && p.active().size() == s.desiredCount;
    boolean oldGone = s.deployments.stream().allMatch(d -> d == p || !d.hasUnstoppedTasks());
    if (full && oldGone) s.deployments.removeIf(d -> d != p);
    boolean alone = s.deployments.size() == 1;
    if (p.rolloutState.equals("IN_PROGRESS") && alone && full) {
      p.complete(t);
      s.lastCompletedTaskDefinition = p.taskDefinitionArn;
      s.lastCompletedDeploymentId = p.id;
      ledger.completed(s, p, t);
      s.event(rs.ids.uuid(), t, "deployment " + p.id + " deployment completed.");
    }
    boolean steady = alone && full && s.tasks().allMatch(x -> x.isStopped() || x.isActive());
    if (steady && !s.steady) {
      s.event(rs.ids.uuid(), t, "has reached a steady state.");
    }
    s.steady = steady;
  }

  /** Stops tasks as the service scheduler does: running ones drain first. */
  void stopTasks(ServiceModel s, List<TaskModel> tasks, Instant t, String reason) {
    stop(s, tasks, t, reason);
  }

  private void stop(ServiceModel s, List<TaskModel> tasks, Instant t, String reason) {
    List<TaskModel> running = tasks.stream().filter(TaskModel::isRunning).toList();
    for (TaskModel task : List.copyOf(tasks)) {
      task.beginStop(t, "ServiceSchedulerInitiated", reason, rs.timings.drain(), rs.hooks);
    }
    if (!running.isEmpty()) {
      s.event(
          rs.ids.uuid(),
          t,
          "has stopped " + running.size() + " running tasks: " + list(running) + ".");
    }
  }

  String deploymentId() {
    return "ecs-svc/" + rs.ids.digits(19);
  }

  private static String list(List<TaskModel> tasks) {
    return tasks.stream().map(x -> "(task " + x.id + ")").collect(Collectors.joining(" "));
  }
}
