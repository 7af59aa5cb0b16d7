package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;

/** A snapshot of what exists in one simulated account and region, for tests and the sandbox UI. */
public record Inventory(
    List<ServiceInfo> services,
    List<String> taskDefinitions,
    List<TaskInfo> runningTasks,
    List<TargetGroupInfo> targetGroups,
    List<ListenerInfo> listeners,
    List<RuleInfo> rules,
    List<ScalableTargetInfo> scalableTargets) {

  /** A service that is not INACTIVE. */
  public record ServiceInfo(
      String cluster,
      String name,
      String status,
      String taskDefinition,
      int desiredCount,
      int runningCount) {}

  /** A task whose lastStatus is RUNNING. */
  public record TaskInfo(String arn, String group, String taskDefinition, String startedBy) {}

  /** A target group and its registered targets as "ip:port=state". */
  public record TargetGroupInfo(String arn, String name, List<String> targets) {}

  /** A listener and the port it listens on. */
  public record ListenerInfo(String arn, String loadBalancerArn, int port, String protocol) {}

  /** A non-default listener rule and the target groups it forwards to. */
  public record RuleInfo(String arn, String listenerArn, int priority, List<String> forwardsTo) {}

  /** An Application Auto Scaling target and its bounds. */
  public record ScalableTargetInfo(String resourceId, int minCapacity, int maxCapacity) {}

  static Inventory of(RegionState rs) {
    List<ServiceInfo> services =
        rs.ecs
            .allServices()
            .filter(s -> !s.status.equals("INACTIVE"))
            .map(
                s ->
                    new ServiceInfo(
                        s.clusterName,
                        s.name,
                        s.status,
                        s.taskDefinitionArn,
                        s.desiredCount,
                        (int) s.tasks().filter(TaskModel::isRunning).count()))
            .toList();
    List<String> tds =
        rs.ecs.taskDefinitions.all().stream()
            .filter(TaskDefinitionRegistry.Entry::isActive)
            .map(e -> e.definition().taskDefinitionArn())
            .toList();
    List<TaskInfo> tasks =
        rs.ecs.tasks.values().stream()
            .filter(t -> t.lastStatus.equals("RUNNING"))
            .map(t -> new TaskInfo(t.arn, t.group, t.taskDefinitionArn, t.startedBy))
            .toList();
    List<TargetGroupInfo> tgs =
        rs.elb.targetGroups.values().stream()
            .map(
                tg ->
                    new TargetGroupInfo(
                        tg.arn(),
                        tg.name(),
                        tg.targets.values().stream()
                            .map(t -> t.id + ":" + t.port + "=" + t.state)
                            .toList()))
            .toList();
    List<ListenerInfo> listeners = new ArrayList<>();
    List<RuleInfo> rules = new ArrayList<>();
    for (var l : rs.elb.listeners.values()) {
      listeners.add(
          new ListenerInfo(l.arn, l.loadBalancerArn, l.port == null ? 0 : l.port, l.protocol));
      for (var r : l.rules.values()) {
        List<String> to = r.actions.stream().flatMap(a -> ElbModel.forwardsTo(a).stream()).toList();
        rules.add(new RuleInfo(r.arn, r.listenerArn, r.priority, to));
      }
    }
    List<ScalableTargetInfo> scalable =
        rs.autoscaling.targets.values().stream()
            .map(t -> new ScalableTargetInfo(t.resourceId(), t.minCapacity(), t.maxCapacity()))
            .toList();
    return new Inventory(services, tds, tasks, tgs, listeners, rules, scalable);
  }
}
