package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ServiceDeploymentModel.Step;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * ECS blue/green, canary and linear deployments, one simulated step at a time: the lifecycle stages
 * RECONCILE_SERVICE (only with older revisions still running), PRE_SCALE_UP, SCALE_UP,
 * POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT,
 * POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME and CLEAN_UP; each stage does its work, then runs its
 * hooks, then ECS moves on after a short transition. Failures (circuit breaker, alarms, hooks,
 * StopServiceDeployment) hand over to {@link NativeRollback}.
 */
final class NativeDeploymentScheduler {
  static final List<String> STAGES =
      List.of(
          "RECONCILE_SERVICE",
          "PRE_SCALE_UP",
          "SCALE_UP",
          "POST_SCALE_UP",
          "TEST_TRAFFIC_SHIFT",
          "POST_TEST_TRAFFIC_SHIFT",
          "PRODUCTION_TRAFFIC_SHIFT",
          "POST_PRODUCTION_TRAFFIC_SHIFT",
          "BAKE_TIME",
          "CLEAN_UP");
  private static final int MAX_MOVES_PER_STEP = 50;

  private final RegionState rs;
  private final ServiceScheduler scheduler;
  private final TaskFactory factory;
  private final DeploymentSettings settings;
  private final Random random;
  private final TrafficShifter shifter;
  private final LifecycleHookRunner hooks;
  private final DeploymentWatch watch;
  final NativeRollback rollback;

  NativeDeploymentScheduler(
      RegionState rs,
      ServiceScheduler scheduler,
      TaskFactory factory,
      DeploymentSettings settings,
      long seed) {
    this.rs = rs;
    this.scheduler = scheduler;
    this.factory = factory;
    this.settings = settings;
    this.random = new Random(seed);
    this.shifter = new TrafficShifter(rs);
    this.hooks = new LifecycleHookRunner(rs, settings, random);
    this.watch = new DeploymentWatch(rs);
    this.rollback = new NativeRollback(rs, scheduler, shifter);
  }

  void step(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    if (sd.status.equals("PENDING")) begin(s, sd, t);
    maintainTasks(s, sd, t);
    if (sd.status.equals("IN_PROGRESS")) {
      DeploymentWatch.Failure f = watch.failure(s, sd);
      if (f != null) rollback.request(s, sd, f.reason(), f.rollback(), t);
    }
    if (sd.isRollingBack()) {
      rollback.step(s, sd, t);
      return;
    }
    for (int i = 0; i < MAX_MOVES_PER_STEP && sd.status.equals("IN_PROGRESS"); i++) {
      if (!move(s, sd, t)) break;
    }
  }

  private void begin(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    sd.status("IN_PROGRESS", null, t);
    sd.startedAt = t;
    enter(sd, sd.leftovers.isEmpty() ? "PRE_SCALE_UP" : "RECONCILE_SERVICE", t);
    s.event(rs.ids.uuid(), t, "service deployment " + sd.arn + " started (" + sd.strategy + ").");
  }

  /** Makes one move within the current stage; false when it has to wait. */
  private boolean move(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    if (sd.waitUntil != null && t.isBefore(sd.waitUntil)) return false;
    switch (sd.step) {
      case PRE_HOOKS -> {
        if (!hooksDone(s, sd, "PRE_PRODUCTION_TRAFFIC_SHIFT", t)) return false;
        sd.step = Step.ACTION;
      }
      case ACTION -> {
        if (!action(s, sd, t)) return false;
        sd.step = Step.HOOKS;
      }
      case HOOKS -> {
        if (hasHooks(sd.stage) && !hooksDone(s, sd, sd.stage, t)) return false;
        if (sd.stage.equals("CLEAN_UP")) {
          finish(s, sd, t);
          return false;
        }
        sd.step = Step.NEXT;
        sd.waitUntil = t.plus(settings.timings.stageTransition(random));
      }
      case NEXT -> enter(sd, STAGES.get(STAGES.indexOf(sd.stage) + 1), t);
    }
    return true;
  }

  private void enter(ServiceDeploymentModel sd, String stage, Instant t) {
    sd.stage = stage;
    sd.step = stage.equals("PRODUCTION_TRAFFIC_SHIFT") ? Step.PRE_HOOKS : Step.ACTION;
    sd.waitUntil = null;
    sd.actionStarted = false;
    sd.updatedAt = t;
  }

  private static boolean hasHooks(String stage) {
    return !List.of("SCALE_UP", "BAKE_TIME", "CLEAN_UP").contains(stage);
  }

  private boolean hooksDone(
      ServiceModel s, ServiceDeploymentModel sd, String hookStage, Instant t) {
    LifecycleHookRunner.Result r = hooks.run(sd, hookStage, t);
    if (r == LifecycleHookRunner.Result.ROLLBACK) rollback.request(s, sd, hooks.reason, true, t);
    return r == LifecycleHookRunner.Result.DONE;
  }

  /** The stage's own work; true once it is done. */
  private boolean action(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    boolean first = !sd.actionStarted;
    sd.actionStarted = true;
    return switch (sd.stage) {
      case "RECONCILE_SERVICE" -> reconcile(s, sd, t);
      case "SCALE_UP" -> {
        DeploymentModel g = sd.green();
        yield g.active().size() == s.desiredCount && g.healthyCount() >= s.desiredCount;
      }
      case "TEST_TRAFFIC_SHIFT" -> {
        shifter.test(sd, true);
        yield true;
      }
      case "PRODUCTION_TRAFFIC_SHIFT" -> shiftProduction(sd, t);
      case "BAKE_TIME" -> {
        if (first) sd.waitUntil = t.plusSeconds(60L * sd.bakeMinutes());
        yield !first || sd.bakeMinutes() == 0;
      }
      case "CLEAN_UP" -> {
        DeploymentModel blue = sd.blue();
        if (blue == null) yield true;
        scheduler.stopTasks(s, blue.active(), t, "Service deployment " + sd.arn + " cleaned up");
        yield !blue.hasUnstoppedTasks();
      }
      default -> true;
    };
  }

  /** One traffic step: all at once, canary then the rest, or linear steps; true at 100 %. */
  private boolean shiftProduction(ServiceDeploymentModel sd, Instant t) {
    double now = sd.productionWeight;
    double next;
    int bakeMinutes;
    switch (sd.strategy) {
      case "CANARY" -> {
        var c = sd.config.canaryConfiguration();
        double percent = c == null || c.canaryPercent() == null ? 5.0 : c.canaryPercent();
        next = now == 0 ? percent : 100;
        bakeMinutes =
            c == null || c.canaryBakeTimeInMinutes() == null ? 10 : c.canaryBakeTimeInMinutes();
      }
      case "LINEAR" -> {
        var c = sd.config.linearConfiguration();
        double percent = c == null || c.stepPercent() == null ? 10.0 : c.stepPercent();
        next = Math.min(100, Math.round((now + percent) * 10) / 10.0);
        bakeMinutes =
            c == null || c.stepBakeTimeInMinutes() == null ? 6 : c.stepBakeTimeInMinutes();
      }
      default -> {
        next = 100;
        bakeMinutes = 0;
      }
    }
    shifter.production(sd, next);
    if (next >= 100) return true;
    sd.waitUntil = t.plusSeconds(60L * bakeMinutes);
    return false;
  }

  /** Stops the revisions a superseded deployment left running, after traffic left them. */
  private boolean reconcile(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    if (sd.source != null) {
      shifter.production(sd, 0);
      shifter.test(sd, false);
    }
    boolean done = true;
    for (ServiceRevisionModel r : sd.leftovers) {
      scheduler.stopTasks(
          s, r.deployment.active(), t, "Service deployment " + sd.arn + " reconciled");
      if (r.deployment.hasUnstoppedTasks()) done = false;
      else s.deployments.remove(r.deployment);
    }
    return done;
  }

  private void finish(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    sd.status("SUCCESSFUL", "Service deployment completed.", t);
    sd.finishedAt = t;
    DeploymentModel green = sd.green();
    green.complete(t);
    if (sd.blue() != null) s.deployments.remove(sd.blue());
    s.productionRevision = sd.target;
    s.lastCompletedTaskDefinition = green.taskDefinitionArn;
    s.lastCompletedDeploymentId = green.id;
    s.steady = false;
    s.event(rs.ids.uuid(), t, "deployment " + green.id + " deployment completed.");
  }

  /**
   * Keeps blue at the desired count until clean-up (and during a rollback), and green from scale-up
   * on, replacing tasks that failed.
   */
  private void maintainTasks(ServiceModel s, ServiceDeploymentModel sd, Instant t) {
    DeploymentModel blue = sd.blue();
    boolean cleaning = "CLEAN_UP".equals(sd.stage) && !sd.isRollingBack();
    if (blue != null && !cleaning) scale(s, blue, t);
    boolean greenWanted =
        !sd.isRollingBack()
            && sd.status.equals("IN_PROGRESS")
            && STAGES.indexOf(sd.stage) >= STAGES.indexOf("SCALE_UP");
    if (greenWanted) scale(s, sd.green(), t);
  }

  private void scale(ServiceModel s, DeploymentModel d, Instant t) {
    List<TaskModel> active = d.active();
    int missing = s.desiredCount - active.size();
    if (missing > 0) {
      for (int i = 0; i < missing; i++) factory.launchForService(s, d, t);
      d.updatedAt = t;
      s.steady = false;
      s.event(rs.ids.uuid(), t, "has started " + missing + " tasks for deployment " + d.id + ".");
    } else if (missing < 0) {
      List<TaskModel> surplus =
          active.stream()
              .sorted(
                  Comparator.comparing((TaskModel x) -> x.healthy)
                      .thenComparing(x -> x.createdAt, Comparator.reverseOrder()))
              .limit(-missing)
              .toList();
      scheduler.stopTasks(s, surplus, t, "Scaling activity initiated by (deployment " + d.id + ")");
    }
  }
}
