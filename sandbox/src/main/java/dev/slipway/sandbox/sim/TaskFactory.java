package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/** Creates tasks for services and for RunTask, and registers them in the region's task table. */
final class TaskFactory {
  private final RegionState rs;

  TaskFactory(RegionState rs) {
    this.rs = rs;
  }

  /** Launches one task for a service deployment, as the ECS service scheduler would. */
  TaskModel launchForService(ServiceModel s, DeploymentModel d, Instant t) {
    TaskDefinition td = rs.ecs.taskDefinitions.byArn(d.taskDefinitionArn).definition();
    List<Tag> tags = new ArrayList<>();
    if (s.propagateTags.equals("SERVICE")) tags.addAll(s.tags);
    if (s.propagateTags.equals("TASK_DEFINITION")) {
      tags.addAll(rs.ecs.taskDefinitions.byArn(d.taskDefinitionArn).tags());
    }
    if (s.enableEcsManagedTags) {
      tags.add(Tag.builder().key("aws:ecs:clusterName").value(s.clusterName).build());
      tags.add(Tag.builder().key("aws:ecs:serviceName").value(s.name).build());
    }
    TaskPlan plan = TaskBehaviour.forService(td.containerDefinitions(), t, rs.timings);
    TaskSpec spec =
        spec(
            s.clusterName,
            td,
            "service:" + s.name,
            d.id,
            s,
            d,
            d.launchType,
            d.capacityProviderStrategy,
            null,
            tags);
    TaskModel task = new TaskModel(spec, plan, t);
    d.tasks.add(task);
    rs.ecs.tasks.put(task.id, task);
    return task;
  }

  /** Launches one standalone task; {@code command} is what its essential container runs. */
  TaskModel launchOneOff(
      String cluster,
      TaskDefinition td,
      String group,
      String startedBy,
      String launchType,
      List<CapacityProviderStrategyItem> strategy,
      TaskOverride overrides,
      List<Tag> tags,
      Instant t) {
    String command = OneOffCommand.of(td, overrides);
    TaskPlan plan = TaskBehaviour.forOneOff(td.containerDefinitions(), command, t, rs.timings);
    TaskSpec spec =
        spec(cluster, td, group, startedBy, null, null, launchType, strategy, overrides, tags);
    TaskModel task = new TaskModel(spec, plan, t);
    rs.ecs.tasks.put(task.id, task);
    return task;
  }

  private TaskSpec spec(
      String cluster,
      TaskDefinition td,
      String group,
      String startedBy,
      ServiceModel s,
      DeploymentModel d,
      String launchType,
      List<CapacityProviderStrategyItem> strategy,
      TaskOverride overrides,
      List<Tag> tags) {
    String id = rs.ids.hex(32);
    String capacityProvider =
        strategy == null || strategy.isEmpty() ? null : pickProvider(strategy);
    List<TaskModel.ContainerState> containers = new ArrayList<>();
    for (ContainerDefinition c : td.containerDefinitions()) {
      boolean essential = c.essential() == null || c.essential();
      containers.add(new TaskModel.ContainerState(c.name(), c.image(), essential));
    }
    return new TaskSpec(
        id,
        EcsArns.task(rs.region, rs.account, cluster, id),
        EcsArns.cluster(rs.region, rs.account, cluster),
        td.taskDefinitionArn(),
        group,
        startedBy,
        s,
        d,
        containers,
        rs.ids.privateIp(),
        capacityProvider == null ? (launchType == null ? "EC2" : launchType) : null,
        capacityProvider,
        overrides,
        td.cpu(),
        td.memory(),
        tags);
  }

  /** Picks the provider with a base first, else the highest weight; good enough for a model. */
  private static String pickProvider(List<CapacityProviderStrategyItem> strategy) {
    return strategy.stream()
        .max(
            (a, b) -> {
              int base = Integer.compare(nz(a.base()), nz(b.base()));
              return base != 0 ? base : Integer.compare(nz(a.weight()), nz(b.weight()));
            })
        .map(CapacityProviderStrategyItem::capacityProvider)
        .orElse(null);
  }

  private static int nz(Integer v) {
    return v == null ? 0 : v;
  }
}
