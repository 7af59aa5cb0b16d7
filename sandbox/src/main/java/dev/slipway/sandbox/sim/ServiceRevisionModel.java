package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ContainerImage;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionLoadBalancer;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * One ECS service revision: the settings a deployment rolls out, and (resolved) the target groups
 * its tasks register in, which for blue/green alternate between the pair from one revision to the
 * next.
 */
final class ServiceRevisionModel {
  final String arn;
  final String serviceArn;
  final String clusterArn;
  final Instant createdAt;
  // Re-pointed when a rolling deployment rolls back by redeploying this revision.
  DeploymentModel deployment;
  final List<LoadBalancer> configured;

  ServiceRevisionModel(String arn, ServiceModel s, DeploymentModel deployment, Instant createdAt) {
    this.arn = arn;
    this.configured = s.loadBalancers;
    this.serviceArn = s.arn;
    this.clusterArn = s.clusterArn;
    this.deployment = deployment;
    this.createdAt = createdAt;
  }

  /** Where this revision's tasks register: the deployment's (possibly alternate) target groups. */
  List<LoadBalancer> resolvedLoadBalancers() {
    return deployment.loadBalancers;
  }

  ServiceRevision toSdk(EcsState ecs) {
    TaskDefinition td = ecs.taskDefinitions.byArn(deployment.taskDefinitionArn).definition();
    List<ContainerImage> images =
        td.containerDefinitions().stream()
            .map(c -> ContainerImage.builder().containerName(c.name()).image(c.image()).build())
            .toList();
    List<ServiceRevisionLoadBalancer> resolved =
        resolvedLoadBalancers().stream()
            .map(
                lb ->
                    ServiceRevisionLoadBalancer.builder()
                        .targetGroupArn(lb.targetGroupArn())
                        .productionListenerRule(
                            lb.advancedConfiguration() == null
                                ? null
                                : lb.advancedConfiguration().productionListenerRule())
                        .build())
            .toList();
    return ServiceRevision.builder()
        .serviceRevisionArn(arn)
        .serviceArn(serviceArn)
        .clusterArn(clusterArn)
        .taskDefinition(deployment.taskDefinitionArn)
        .launchType(deployment.launchType)
        .capacityProviderStrategy(deployment.capacityProviderStrategy)
        .platformVersion(deployment.platformVersion)
        .networkConfiguration(deployment.networkConfiguration)
        .loadBalancers(configured)
        .containerImages(images)
        .createdAt(createdAt)
        .resolvedConfiguration(r -> r.loadBalancers(resolved))
        .build();
  }
}
