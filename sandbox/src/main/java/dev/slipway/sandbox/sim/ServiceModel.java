package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Tag;

/** One ECS service: its settings, its deployments (PRIMARY first) and its event log. */
final class ServiceModel {
  static final int MAX_EVENTS = 50;

  final String name;
  final String arn;
  final String clusterArn;
  final String clusterName;
  final Instant createdAt;
  final String createdBy;
  final String clientToken;
  final List<Tag> tags = new ArrayList<>();
  final List<DeploymentModel> deployments = new ArrayList<>();
  final Deque<ServiceEvent> events = new ArrayDeque<>();
  String status = "ACTIVE";
  int desiredCount;
  String taskDefinitionArn;
  String launchType;
  List<CapacityProviderStrategyItem> capacityProviderStrategy = List.of();
  String platformVersion;
  NetworkConfiguration networkConfiguration;
  List<LoadBalancer> loadBalancers = List.of();
  DeploymentConfiguration deploymentConfiguration;
  Integer healthCheckGracePeriodSeconds;
  boolean enableExecuteCommand;
  boolean enableEcsManagedTags;
  String propagateTags = "NONE";
  String lastCompletedTaskDefinition;
  String lastCompletedDeploymentId;
  boolean steady;

  ServiceModel(
      String name,
      String arn,
      String clusterArn,
      String clusterName,
      Instant createdAt,
      String createdBy,
      String clientToken) {
    this.name = name;
    this.arn = arn;
    this.clusterArn = clusterArn;
    this.clusterName = clusterName;
    this.createdAt = createdAt;
    this.createdBy = createdBy;
    this.clientToken = clientToken;
  }

  DeploymentModel primary() {
    return deployments.isEmpty() ? null : deployments.get(0);
  }

  Stream<TaskModel> tasks() {
    return deployments.stream().flatMap(d -> d.tasks.stream());
  }

  int minimumHealthyPercent() {
    Integer v = deploymentConfiguration.minimumHealthyPercent();
    return v == null ? 100 : v;
  }

  int maximumPercent() {
    Integer v = deploymentConfiguration.maximumPercent();
    return v == null ? 200 : v;
  }

  boolean breakerEnabled() {
    var cb = deploymentConfiguration.deploymentCircuitBreaker();
    return cb != null && Boolean.TRUE.equals(cb.enable());
  }

  boolean breakerRollback() {
    var cb = deploymentConfiguration.deploymentCircuitBreaker();
    return cb != null && Boolean.TRUE.equals(cb.rollback());
  }

  /** Adds an event, newest first, keeping the log bounded like ECS does. */
  void event(String id, Instant at, String message) {
    events.addFirst(
        ServiceEvent.builder()
            .id(id)
            .createdAt(at)
            .message("(service " + name + ") " + message)
            .build());
    while (events.size() > MAX_EVENTS) events.removeLast();
  }

  Service toSdk(boolean withTags) {
    Service.Builder b =
        Service.builder()
            .serviceName(name)
            .serviceArn(arn)
            .clusterArn(clusterArn)
            .status(status)
            .desiredCount(desiredCount)
            .runningCount((int) tasks().filter(TaskModel::isRunning).count())
            .pendingCount((int) tasks().filter(TaskModel::isPending).count())
            .taskDefinition(taskDefinitionArn)
            .launchType(launchType)
            .capacityProviderStrategy(capacityProviderStrategy)
            .platformVersion(platformVersion)
            .networkConfiguration(networkConfiguration)
            .loadBalancers(loadBalancers)
            .deploymentConfiguration(deploymentConfiguration)
            .healthCheckGracePeriodSeconds(healthCheckGracePeriodSeconds)
            .enableExecuteCommand(enableExecuteCommand)
            .enableECSManagedTags(enableEcsManagedTags)
            .propagateTags(propagateTags)
            .schedulingStrategy("REPLICA")
            .deploymentController(c -> c.type("ECS"))
            .createdAt(createdAt)
            .createdBy(createdBy)
            .deployments(deployments.stream().map(DeploymentModel::toSdk).toList())
            .events(new ArrayList<>(events));
    if (withTags) b.tags(tags);
    return b.build();
  }
}
