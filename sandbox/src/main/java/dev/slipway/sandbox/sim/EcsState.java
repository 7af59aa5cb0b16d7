package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.model.Tag;

/** ECS state for one account and region: clusters, services, tasks and task definitions. */
final class EcsState {
  /** A cluster; ECS clusters have no behaviour in the model beyond existing. */
  record ClusterModel(String name, String arn, Instant createdAt, List<Tag> tags) {}

  final Map<String, ClusterModel> clusters = new LinkedHashMap<>();
  final Map<String, Map<String, ServiceModel>> services = new HashMap<>();
  final Map<String, TaskModel> tasks = new LinkedHashMap<>();
  final Map<String, List<TaskModel>> runTaskTokens = new HashMap<>();
  final TaskDefinitionRegistry taskDefinitions = new TaskDefinitionRegistry();
  final Map<String, ServiceDeploymentModel> serviceDeployments = new HashMap<>();
  final Map<String, ServiceRevisionModel> serviceRevisions = new HashMap<>();

  ClusterModel cluster(String name) {
    return clusters.get(name);
  }

  Map<String, ServiceModel> servicesIn(String cluster) {
    return services.computeIfAbsent(cluster, c -> new LinkedHashMap<>());
  }

  Stream<ServiceModel> allServices() {
    return new ArrayList<>(services.values())
        .stream().flatMap(m -> new ArrayList<>(m.values()).stream());
  }

  /** Finds a task by id or ARN. */
  TaskModel task(String idOrArn) {
    return tasks.get(EcsArns.name(idOrArn));
  }

  /** Forgets tasks that stopped longer ago than ECS keeps them visible. */
  void pruneStopped(Instant before) {
    tasks.values().removeIf(t -> t.isStopped() && t.stoppedAt.isBefore(before));
    allServices()
        .flatMap(s -> s.deployments.stream())
        .forEach(d -> d.tasks.removeIf(t -> t.isStopped() && t.stoppedAt.isBefore(before)));
  }
}
