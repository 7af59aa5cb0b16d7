package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the simulator knows about one (caller account, region), and the lazy evaluation that
 * brings it up to the clock's current time in fixed simulated steps whenever it is touched.
 */
final class RegionState {
  final String account;
  final String region;
  final SimClock clock;
  final SimTimings timings;
  final Ids ids;
  final EcsState ecs = new EcsState();
  final ElbModel elb = new ElbModel();
  final AutoScalingModel autoscaling = new AutoScalingModel();
  final ReferenceModel references = new ReferenceModel();
  final OpenSearchModel opensearch = new OpenSearchModel();
  final ElastiCacheModel elasticache = new ElastiCacheModel();
  final RdsModel rds;
  final TrafficModel traffic = new TrafficModel();
  final AlarmStore alarms = new AlarmStore();
  final ScheduleStore schedules;
  final TaskHooks hooks = new TargetSync(elb);
  final TaskFactory factory;
  final ServiceScheduler scheduler;
  private Instant lastEvaluated;
  private boolean advancing;

  RegionState(
      String account,
      String region,
      SimClock clock,
      SimTimings timings,
      DeploymentSettings deployments,
      long seed) {
    this.account = account;
    this.region = region;
    this.clock = clock;
    this.timings = timings;
    this.ids = new Ids(seed ^ (account + "/" + region).hashCode());
    this.rds = new RdsModel(account, region, seed);
    this.schedules = new ScheduleStore(seed ^ (account + "/" + region).hashCode());
    this.factory = new TaskFactory(this);
    this.scheduler =
        new ServiceScheduler(
            this, factory, deployments, seed ^ (account + "/" + region).hashCode());
    this.lastEvaluated = clock.instant();
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Brings every task and service up to now. Callers hold this object's lock. A callback that calls
   * the simulator from inside a step (a Lambda hook's answer) sees the state as it is, rather than
   * stepping again from within the step.
   */
  void advance() {
    if (advancing) return;
    advancing = true;
    try {
      advanceToNow();
    } finally {
      advancing = false;
    }
  }

  private void advanceToNow() {
    Instant now = clock.instant();
    Duration step = timings.step();
    while (!lastEvaluated.plus(step).isAfter(now)) {
      if (!busy()) {
        // Nothing would change; skip idle time instead of stepping through it.
        lastEvaluated = now;
        break;
      }
      Instant t = lastEvaluated.plus(step);
      // Requests sent before this step met the ELB state as it was until now.
      traffic.accountUntil(t, elb);
      stepAt(t);
      lastEvaluated = t;
    }
    traffic.accountUntil(now, elb);
    // Schedules due since the last touch start their tasks at their slots, before tasks advance.
    schedules.fireDue(this, now);
    // Task edges are exact instants, so show them as of now even between scheduler steps.
    List.copyOf(ecs.tasks.values()).forEach(task -> task.advance(now, hooks));
    ecs.pruneStopped(now.minus(timings.stoppedTaskRetention()));
  }

  private void stepAt(Instant t) {
    List.copyOf(ecs.tasks.values()).forEach(task -> task.advance(t, hooks));
    ecs.allServices().forEach(s -> scheduler.step(s, t));
  }

  private boolean busy() {
    return ecs.tasks.values().stream().anyMatch(TaskModel::hasPendingTransition)
        || ecs.allServices().anyMatch(ServiceScheduler::isBusy);
  }
}
