package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.release.progressive.EcsNativeDeployment;
import dev.slipway.release.progressive.TrafficArns;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * The ECS service settings a ServiceRelease asks for, in SDK types, rendered purely from the spec.
 * The task definition ARN is filled in once the revision is known.
 */
public record DesiredService(
    String cluster,
    String serviceName,
    int desiredCount,
    boolean autoscaled,
    String launchType,
    List<CapacityProviderStrategyItem> capacityProviderStrategy,
    String platformVersion,
    NetworkConfiguration networkConfiguration,
    List<LoadBalancer> loadBalancers,
    Integer healthCheckGracePeriodSeconds,
    boolean enableExecuteCommand,
    DeploymentConfiguration deploymentConfiguration) {

  public static DesiredService from(ServiceRelease sr) {
    ServiceReleaseSpec spec = sr.getSpec();
    ServiceSpec s = spec.service == null ? new ServiceSpec() : spec.service;
    List<CapacityProviderStrategyItem> cps = capacityProviders(s.capacityProviderStrategy);
    return new DesiredService(
        spec.cluster,
        sr.serviceName(),
        desiredCount(s),
        s.autoscaling != null,
        launchType(s),
        cps,
        s.platformVersion,
        network(s.networkConfiguration),
        loadBalancers(s.loadBalancers),
        s.healthCheckGracePeriodSeconds,
        Boolean.TRUE.equals(s.enableExecuteCommand),
        deployment(spec.strategy));
  }

  /**
   * The launch type sent to ECS: none with a capacity provider strategy, else FARGATE by default.
   */
  public static String launchType(ServiceSpec s) {
    boolean strategy = s.capacityProviderStrategy != null && !s.capacityProviderStrategy.isEmpty();
    // Without a capacity provider strategy Fargate is the sensible default launch type.
    return strategy ? null : s.launchType == null ? "FARGATE" : s.launchType;
  }

  /**
   * Whether the service's tasks run on Fargate (its launch type, or a Fargate capacity provider).
   */
  public static boolean runsOnFargate(ServiceSpec s) {
    ServiceSpec service = s == null ? new ServiceSpec() : s;
    String launchType = launchType(service);
    if (launchType != null) return launchType.equals("FARGATE");
    return service.capacityProviderStrategy.stream()
        .anyMatch(
            i -> "FARGATE".equals(i.capacityProvider) || "FARGATE_SPOT".equals(i.capacityProvider));
  }

  /** The count sent to ECS: the spec's (default 1), with autoscaling at least its minimum. */
  public static int desiredCount(ServiceSpec s) {
    int count = orOne(s.desiredCount);
    return s.autoscaling != null && s.autoscaling.minCapacity != null
        ? Math.max(s.autoscaling.minCapacity, count)
        : count;
  }

  private static int orOne(Integer count) {
    return count == null ? 1 : count;
  }

  /** The spec's capacity provider strategy in SDK types; empty when none. */
  public static List<CapacityProviderStrategyItem> capacityProviders(
      List<ServiceSpec.CapacityProviderItem> items) {
    if (items == null) return List.of();
    return items.stream()
        .map(
            i ->
                CapacityProviderStrategyItem.builder()
                    .capacityProvider(i.capacityProvider)
                    .weight(i.weight == null ? 0 : i.weight)
                    .base(i.base == null ? 0 : i.base)
                    .build())
        .toList();
  }

  /** The spec's awsvpc settings in SDK types, lists sorted so that equal specs compare equal. */
  public static NetworkConfiguration network(ServiceSpec.NetworkConfiguration n) {
    if (n == null) return null;
    return NetworkConfiguration.builder()
        .awsvpcConfiguration(
            AwsVpcConfiguration.builder()
                .subnets(n.subnets.stream().sorted().toList())
                .securityGroups(
                    n.securityGroups == null
                        ? List.of()
                        : n.securityGroups.stream().sorted().toList())
                .assignPublicIp(
                    Boolean.TRUE.equals(n.assignPublicIp)
                        ? AssignPublicIp.ENABLED
                        : AssignPublicIp.DISABLED)
                .build())
        .build();
  }

  private static List<LoadBalancer> loadBalancers(List<ServiceSpec.LoadBalancer> lbs) {
    return lbs == null
        ? List.of()
        : lbs.stream()
            .map(
                lb ->
                    LoadBalancer.builder()
                        .targetGroupArn(lb.targetGroupArn)
                        .containerName(lb.containerName)
                        .containerPort(lb.containerPort)
                        .build())
            .toList();
  }

  /**
   * The same service with its load balancer carrying the traffic pieces Slipway created for an
   * ECS-native strategy. They are added per request, not rendered from the spec: their ARNs are
   * AWS's answers, and the spec hash must not depend on them.
   */
  public DesiredService withTraffic(TrafficArns arns, String roleArn) {
    List<LoadBalancer> lbs =
        loadBalancers.stream()
            .map(lb -> EcsNativeDeployment.withTraffic(lb, arns, roleArn))
            .toList();
    return new DesiredService(
        cluster,
        serviceName,
        desiredCount,
        autoscaled,
        launchType,
        capacityProviderStrategy,
        platformVersion,
        networkConfiguration,
        lbs,
        healthCheckGracePeriodSeconds,
        enableExecuteCommand,
        deploymentConfiguration);
  }

  /**
   * The canary service of a Weighted release: these settings under another name, on the second
   * target group, with a count of its own and no autoscaling (Slipway sizes it to the stable one,
   * since at the end of the steps it serves all traffic while the stable service is updated).
   */
  public DesiredService asCanary(String name, String targetGroupArn, int count) {
    List<LoadBalancer> lbs =
        loadBalancers.stream()
            .map(lb -> lb.toBuilder().targetGroupArn(targetGroupArn).build())
            .toList();
    return new DesiredService(
        cluster,
        name,
        count,
        false,
        launchType,
        capacityProviderStrategy,
        platformVersion,
        networkConfiguration,
        lbs,
        healthCheckGracePeriodSeconds,
        enableExecuteCommand,
        deploymentConfiguration);
  }

  /**
   * ECS's blue/green, canary or linear configuration for those strategies; otherwise rolling bounds
   * plus ECS's circuit breaker with rollback, always on: a bad revision must never take traffic.
   * Weighted releases roll their services with the same rolling bounds.
   */
  private static DeploymentConfiguration deployment(StrategySpec strategy) {
    if (EcsNativeDeployment.isNative(strategy)) return EcsNativeDeployment.configuration(strategy);
    StrategySpec.Rolling rolling =
        strategy == null || strategy.rolling == null
            ? new StrategySpec.Rolling()
            : strategy.rolling;
    return DeploymentConfiguration.builder()
        .minimumHealthyPercent(
            rolling.minimumHealthyPercent == null ? 100 : rolling.minimumHealthyPercent)
        .maximumPercent(rolling.maximumPercent == null ? 200 : rolling.maximumPercent)
        .deploymentCircuitBreaker(
            DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
        .build();
  }

  /** The settings that identify this release besides the task definition (for the spec hash). */
  public String settingsHash() {
    return ContentHash.of(
        cluster,
        serviceName,
        autoscaled ? "autoscaled" : desiredCount,
        launchType,
        capacityProviderStrategy,
        platformVersion,
        networkConfiguration,
        loadBalancers,
        healthCheckGracePeriodSeconds,
        enableExecuteCommand,
        deploymentConfiguration);
  }

  public CreateServiceRequest createRequest(
      String taskDefinitionArn,
      String clientToken,
      List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
    return CreateServiceRequest.builder()
        .cluster(cluster)
        .serviceName(serviceName)
        .taskDefinition(taskDefinitionArn)
        .desiredCount(desiredCount)
        .launchType(launchType)
        .capacityProviderStrategy(
            capacityProviderStrategy.isEmpty() ? null : capacityProviderStrategy)
        .platformVersion(platformVersion)
        .networkConfiguration(networkConfiguration)
        .loadBalancers(loadBalancers.isEmpty() ? null : loadBalancers)
        .healthCheckGracePeriodSeconds(
            loadBalancers.isEmpty() ? null : healthCheckGracePeriodSeconds)
        .enableExecuteCommand(enableExecuteCommand)
        .deploymentConfiguration(deploymentConfiguration)
        .propagateTags(PropagateTags.SERVICE)
        .enableECSManagedTags(true)
        .clientToken(clientToken)
        .tags(tags)
        .build();
  }

  /**
   * An UpdateService that sets everything Slipway owns. With autoscaling the desired count is left
   * out so the operator never fights the scaler.
   */
  public UpdateServiceRequest updateRequest(String taskDefinitionArn) {
    UpdateServiceRequest.Builder b =
        UpdateServiceRequest.builder()
            .cluster(cluster)
            .service(serviceName)
            .taskDefinition(taskDefinitionArn)
            .networkConfiguration(networkConfiguration)
            .loadBalancers(loadBalancers)
            .enableExecuteCommand(enableExecuteCommand)
            .deploymentConfiguration(deploymentConfiguration);
    if (!autoscaled) b.desiredCount(desiredCount);
    if (!capacityProviderStrategy.isEmpty()) b.capacityProviderStrategy(capacityProviderStrategy);
    if (platformVersion != null) b.platformVersion(platformVersion);
    if (!loadBalancers.isEmpty()) b.healthCheckGracePeriodSeconds(healthCheckGracePeriodSeconds);
    return b.build();
  }
}
