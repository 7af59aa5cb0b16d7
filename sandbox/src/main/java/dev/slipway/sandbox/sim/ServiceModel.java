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
import software.amazon.awssdk.services.ecs.model.ServiceCurrentRevisionSummary;
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
  // Newest first, as ListServiceDeployments returns them.
  final List<ServiceDeploymentModel> serviceDeployments = new ArrayList<>();
  // The revision production traffic was last fully shifted to (or rolled out to).
  ServiceRevisionModel productionRevision;
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

  /** The newest service deployment that has not finished, if any. */
  ServiceDeploymentModel activeServiceDeployment() {
    return serviceDeployments.stream()
        .filter(ServiceDeploymentModel::isActive)
        .findFirst()
        .orElse(null);
  }

  /** The blue/green, canary or linear deployment in progress, if any. */
  ServiceDeploymentModel activeNativeDeployment() {
    ServiceDeploymentModel sd = activeServiceDeployment();
    return sd != null && sd.isNative() ? sd : null;
  }

  /** The deployment strategy the next deployment uses. */
  String strategy() {
    var st = deploymentConfiguration.strategy();
    return st == null ? "ROLLING" : deploymentConfiguration.strategyAsString();
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

  /** Revisions that still have tasks, with their counts. */
  private List<ServiceCurrentRevisionSummary> currentRevisions() {
    List<ServiceCurrentRevisionSummary> out = new ArrayList<>();
    for (ServiceDeploymentModel sd : serviceDeployments) {
      for (ServiceRevisionModel r : new ServiceRevisionModel[] {sd.target, sd.source}) {
        if (r == null || !deployments.contains(r.deployment)) continue;
        if (out.stream().anyMatch(x -> x.arn().equals(r.arn))) continue;
        DeploymentModel d = r.deployment;
        out.add(
            ServiceCurrentRevisionSummary.builder()
                .arn(r.arn)
                .requestedTaskCount(d.isPrimary() ? desiredCount : d.active().size())
                .runningTaskCount((int) d.tasks.stream().filter(TaskModel::isRunning).count())
                .pendingTaskCount((int) d.tasks.stream().filter(TaskModel::isPending).count())
                .build());
      }
    }
    return out;
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
            .currentServiceDeployment(
                serviceDeployments.isEmpty() ? null : serviceDeployments.get(0).arn)
            .currentServiceRevisions(currentRevisions())
            .events(new ArrayList<>(events));
    if (withTags) b.tags(tags);
    return b.build();
  }
}
