package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.TargetGroupModel;
import dev.slipway.sandbox.sim.ElbResources.TargetModel;
import java.time.Instant;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

/** Registers service tasks' IPs in their target groups as ECS does, and follows their health. */
final class TargetSync implements TaskHooks {
  private final ElbModel elb;

  TargetSync(ElbModel elb) {
    this.elb = elb;
  }

  @Override
  public void running(TaskModel task, Instant at) {
    forEachTarget(
        task,
        (tg, lb) -> {
          String key = TargetModel.key(task.privateIp, lb.containerPort());
          TargetModel target =
              new TargetModel(
                  task.privateIp,
                  lb.containerPort(),
                  "initial",
                  "Elb.RegistrationInProgress",
                  "Target registration is in progress");
          target.taskDefinitionArn = task.taskDefinitionArn;
          tg.targets.put(key, target);
        });
  }

  @Override
  public void healthy(TaskModel task, Instant at) {
    setState(task, "healthy", null, null);
  }

  @Override
  public void stopping(TaskModel task, Instant at) {
    setState(
        task,
        "draining",
        "Target.DeregistrationInProgress",
        "Target deregistration is in progress");
  }

  @Override
  public void stopped(TaskModel task, Instant at) {
    forEachTarget(
        task, (tg, lb) -> tg.targets.remove(TargetModel.key(task.privateIp, lb.containerPort())));
  }

  private void setState(TaskModel task, String state, String reason, String description) {
    forEachTarget(
        task,
        (tg, lb) -> {
          TargetModel t = tg.targets.get(TargetModel.key(task.privateIp, lb.containerPort()));
          if (t != null) {
            t.state = state;
            t.reason = reason;
            t.description = description;
          }
        });
  }

  private void forEachTarget(
      TaskModel task, java.util.function.BiConsumer<TargetGroupModel, LoadBalancer> action) {
    if (task.deployment == null) return;
    for (LoadBalancer lb : task.deployment.loadBalancers) {
      TargetGroupModel tg = elb.targetGroup(lb.targetGroupArn());
      if (tg != null) action.accept(tg, lb);
    }
  }
}
