package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.TargetGroupModel;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The checks ECS makes before accepting a service's task definition, network and load balancers.
 */
final class ServiceValidation {
  private final RegionState rs;

  ServiceValidation(RegionState rs) {
    this.rs = rs;
  }

  /** Resolves a task definition reference for a service; it must exist and be ACTIVE. */
  TaskDefinition activeTaskDefinition(String ref) {
    TaskDefinitionRegistry.Entry e = rs.ecs.taskDefinitions.resolve(ref);
    if (e == null) throw EcsErrors.invalidParameter("TaskDefinition not found.");
    if (!e.isActive()) throw EcsErrors.invalidParameter("TaskDefinition is inactive");
    return e.definition();
  }

  void launch(String launchType, List<CapacityProviderStrategyItem> strategy, TaskDefinition td) {
    if (launchType != null && strategy != null && !strategy.isEmpty()) {
      throw EcsErrors.invalidParameter(
          "Specifying both a launch type and capacity provider strategy is not supported.");
    }
    if ("FARGATE".equals(launchType) && !td.compatibilitiesAsStrings().contains("FARGATE")) {
      throw EcsErrors.invalidParameter("Task definition does not support launch_type FARGATE.");
    }
  }

  void network(TaskDefinition td, NetworkConfiguration network) {
    boolean awsvpc = "awsvpc".equals(td.networkModeAsString());
    boolean given = network != null && network.awsvpcConfiguration() != null;
    if (awsvpc && !given) {
      throw EcsErrors.invalidParameter(
          "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }
    if (!awsvpc && given) {
      throw EcsErrors.invalidParameter(
          "Network Configuration is not valid for the given networkMode of this task definition.");
    }
    if (given && !network.awsvpcConfiguration().hasSubnets()) {
      throw EcsErrors.invalidParameter("subnets can not be empty.");
    }
  }

  void loadBalancers(TaskDefinition td, List<LoadBalancer> lbs) {
    for (LoadBalancer lb : lbs) {
      TargetGroupModel tg = rs.elb.targetGroup(lb.targetGroupArn());
      if (tg == null) {
        throw EcsErrors.invalidParameter(
            "Unable to find target group with arn " + lb.targetGroupArn() + ".");
      }
      if (!rs.elb.isInUse(tg.arn())) {
        throw EcsErrors.invalidParameter(
            "The target group with targetGroupArn "
                + tg.arn()
                + " does not have an associated load balancer.");
      }
      if ("awsvpc".equals(td.networkModeAsString())
          && "instance".equals(tg.description.targetTypeAsString())) {
        throw EcsErrors.invalidParameter(
            "The provided target group "
                + tg.arn()
                + " has target type instance, which is incompatible with the awsvpc network mode"
                + " specified in the task definition.");
      }
      container(td, lb);
    }
  }

  private static void container(TaskDefinition td, LoadBalancer lb) {
    ContainerDefinition c =
        td.containerDefinitions().stream()
            .filter(x -> x.name().equals(lb.containerName()))
            .findFirst()
            .orElseThrow(
                () ->
                    EcsErrors.invalidParameter(
                        "The container "
                            + lb.containerName()
                            + " does not exist in the task definition."));
    boolean hasPort =
        c.portMappings().stream()
            .anyMatch(p -> Objects.equals(p.containerPort(), lb.containerPort()));
    if (!hasPort) {
      throw EcsErrors.invalidParameter(
          "The container "
              + lb.containerName()
              + " did not have a container port "
              + lb.containerPort()
              + " defined.");
    }
  }

  /** Applies the fields set in {@code update} over {@code base} (ECS's partial update). */
  static DeploymentConfiguration merge(
      DeploymentConfiguration base, DeploymentConfiguration update) {
    if (update == null) return base;
    DeploymentConfiguration.Builder b = base.toBuilder();
    if (update.maximumPercent() != null) b.maximumPercent(update.maximumPercent());
    if (update.minimumHealthyPercent() != null) {
      b.minimumHealthyPercent(update.minimumHealthyPercent());
    }
    if (update.deploymentCircuitBreaker() != null) {
      b.deploymentCircuitBreaker(update.deploymentCircuitBreaker());
    }
    if (update.alarms() != null) b.alarms(update.alarms());
    if (update.strategy() != null) b.strategy(update.strategyAsString());
    if (update.bakeTimeInMinutes() != null) b.bakeTimeInMinutes(update.bakeTimeInMinutes());
    if (update.hasLifecycleHooks()) b.lifecycleHooks(update.lifecycleHooks());
    if (update.canaryConfiguration() != null) b.canaryConfiguration(update.canaryConfiguration());
    if (update.linearConfiguration() != null) b.linearConfiguration(update.linearConfiguration());
    DeploymentConfiguration merged = b.build();
    if (merged.maximumPercent() < 0 || merged.minimumHealthyPercent() < 0) {
      throw EcsErrors.invalidParameter("Deployment percentages must not be negative.");
    }
    return merged;
  }

  static DeploymentConfiguration defaults() {
    return DeploymentConfiguration.builder()
        .maximumPercent(200)
        .minimumHealthyPercent(100)
        .deploymentCircuitBreaker(
            DeploymentCircuitBreaker.builder().enable(false).rollback(false).build())
        .build();
  }
}
