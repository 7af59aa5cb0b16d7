package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;

/** One ECS service deployment: a task definition plus launch settings, and the tasks it owns. */
final class DeploymentModel {
  final String id;
  final String taskDefinitionArn;
  final String launchType;
  final List<CapacityProviderStrategyItem> capacityProviderStrategy;
  final String platformVersion;
  final NetworkConfiguration networkConfiguration;
  final List<LoadBalancer> loadBalancers;
  // The service deployment that started this deployment (null for a circuit-breaker rollback).
  ServiceDeploymentModel serviceDeployment;
  final Instant createdAt;
  final List<TaskModel> tasks = new ArrayList<>();
  String status = "PRIMARY";
  int desiredCount;
  int failedTasks;
  String rolloutState = "IN_PROGRESS";
  String rolloutStateReason;
  Instant updatedAt;

  DeploymentModel(String id, String taskDefinitionArn, ServiceModel service, Instant createdAt) {
    this(id, taskDefinitionArn, service, service.loadBalancers, createdAt);
  }

  /** A deployment whose tasks register in {@code loadBalancers} (green's target groups). */
  DeploymentModel(
      String id,
      String taskDefinitionArn,
      ServiceModel service,
      List<LoadBalancer> loadBalancers,
      Instant createdAt) {
    this.id = id;
    this.taskDefinitionArn = taskDefinitionArn;
    this.launchType = service.launchType;
    this.capacityProviderStrategy = service.capacityProviderStrategy;
    this.platformVersion = service.platformVersion;
    this.networkConfiguration = service.networkConfiguration;
    this.loadBalancers = loadBalancers;
    this.desiredCount = service.desiredCount;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.rolloutStateReason = "ECS deployment " + id + " in progress.";
  }

  boolean isPrimary() {
    return status.equals("PRIMARY");
  }

  List<TaskModel> active() {
    return tasks.stream().filter(TaskModel::isActive).toList();
  }

  long healthyCount() {
    return tasks.stream().filter(t -> t.isRunning() && t.healthy).count();
  }

  boolean hasUnstoppedTasks() {
    return tasks.stream().anyMatch(t -> !t.isStopped());
  }

  void complete(Instant at) {
    rolloutState = "COMPLETED";
    rolloutStateReason = "ECS deployment " + id + " completed.";
    updatedAt = at;
  }

  void fail(Instant at) {
    fail(at, "ECS deployment circuit breaker: tasks failed to start.");
  }

  void fail(Instant at, String reason) {
    rolloutState = "FAILED";
    rolloutStateReason = reason;
    updatedAt = at;
  }

  Deployment toSdk() {
    int desired = isPrimary() ? desiredCount : active().size();
    return Deployment.builder()
        .id(id)
        .status(status)
        .taskDefinition(taskDefinitionArn)
        .desiredCount(desired)
        .runningCount((int) tasks.stream().filter(TaskModel::isRunning).count())
        .pendingCount((int) tasks.stream().filter(TaskModel::isPending).count())
        .failedTasks(failedTasks)
        .rolloutState(rolloutState)
        .rolloutStateReason(rolloutStateReason)
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .launchType(launchType)
        .capacityProviderStrategy(capacityProviderStrategy)
        .platformVersion(platformVersion)
        .networkConfiguration(networkConfiguration)
        .build();
  }
}
