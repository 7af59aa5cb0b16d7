package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceSpec;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;

/** Compares a described ECS service with the desired settings, AWS defaults applied. */
class ServiceDriftTest {
  private static final String TD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:7";
  private static final String TD_OLD =
      "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:6";
  private static final String TG_A =
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web-a/6d0ecf831eec9f09";
  private static final String TG_B =
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web-b/7d0ecf831eec9f09";

  private static ServiceRelease web() {
    ServiceRelease sr = Releases.web("web", "registry/web:v1");
    sr.getSpec().service.networkConfiguration.subnets = List.of("subnet-b", "subnet-a");
    sr.getSpec().service.networkConfiguration.securityGroups = List.of("sg-1");
    return sr;
  }

  private static DesiredService desired(Consumer<ServiceRelease> change) {
    ServiceRelease sr = web();
    change.accept(sr);
    return DesiredService.from(sr);
  }

  /** A described service exactly as ECS reports one created from {@code d}. */
  private static Service.Builder matching(DesiredService d) {
    return Service.builder()
        .serviceName(d.serviceName())
        .taskDefinition(TD)
        .desiredCount(d.desiredCount())
        .launchType(d.launchType())
        .capacityProviderStrategy(
            d.capacityProviderStrategy().isEmpty() ? null : d.capacityProviderStrategy())
        .networkConfiguration(d.networkConfiguration())
        .loadBalancers(d.loadBalancers())
        .healthCheckGracePeriodSeconds(
            d.loadBalancers().isEmpty() ? null : d.healthCheckGracePeriodSeconds())
        .enableExecuteCommand(d.enableExecuteCommand())
        .deploymentConfiguration(d.deploymentConfiguration());
  }

  private static List<String> fields(List<ServiceDrift.Difference> diffs) {
    return diffs.stream().map(ServiceDrift.Difference::field).toList();
  }

  private static ServiceSpec.LoadBalancer lb(String tg, String container, int port) {
    ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
    lb.targetGroupArn = tg;
    lb.containerName = container;
    lb.containerPort = port;
    return lb;
  }

  private static LoadBalancer sdkLb(String tg, String container, int port) {
    return LoadBalancer.builder()
        .targetGroupArn(tg)
        .containerName(container)
        .containerPort(port)
        .build();
  }

  private static DeploymentConfiguration breakerOn() {
    return DeploymentConfiguration.builder()
        .minimumHealthyPercent(100)
        .maximumPercent(200)
        .deploymentCircuitBreaker(
            DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
        .build();
  }

  @Test
  void noDifferencesForAMatchingService() {
    DesiredService d = desired(sr -> {});
    assertThat(ServiceDrift.between(d, TD, matching(d).build())).isEmpty();
  }

  @Test
  void noDifferencesForAMatchingServiceWithEverythingSet() {
    DesiredService d =
        desired(
            sr -> {
              sr.getSpec().service.loadBalancers = List.of(lb(TG_A, "app", 8080));
              sr.getSpec().service.healthCheckGracePeriodSeconds = 60;
              sr.getSpec().service.enableExecuteCommand = true;
              sr.getSpec().service.networkConfiguration.assignPublicIp = true;
              ServiceSpec.CapacityProviderItem spot = new ServiceSpec.CapacityProviderItem();
              spot.capacityProvider = "FARGATE_SPOT";
              spot.weight = 3;
              sr.getSpec().service.capacityProviderStrategy = List.of(spot);
            });
    assertThat(ServiceDrift.between(d, TD, matching(d).build())).isEmpty();
  }

  @Test
  void awsDefaultsForUnsetObservedFieldsAreNotDifferences() {
    DesiredService d = desired(sr -> {});
    Service described =
        matching(d)
            .enableExecuteCommand((Boolean) null)
            .healthCheckGracePeriodSeconds(0)
            .launchType((String) null)
            .loadBalancers((List<LoadBalancer>) null)
            .networkConfiguration(
                NetworkConfiguration.builder()
                    .awsvpcConfiguration(
                        AwsVpcConfiguration.builder()
                            .subnets("subnet-a", "subnet-b")
                            .securityGroups("sg-1")
                            .build())
                    .build())
            .build();
    assertThat(ServiceDrift.between(d, TD, described)).isEmpty();
  }

  @Test
  void nullGracePeriodEqualsZeroWithLoadBalancers() {
    DesiredService d =
        desired(
            sr -> {
              sr.getSpec().service.loadBalancers = List.of(lb(TG_A, "app", 8080));
              sr.getSpec().service.healthCheckGracePeriodSeconds = 0;
            });
    Service described = matching(d).healthCheckGracePeriodSeconds((Integer) null).build();
    assertThat(ServiceDrift.between(d, TD, described)).isEmpty();
  }

  @Test
  void gracePeriodIgnoredWithoutLoadBalancers() {
    DesiredService d = desired(sr -> sr.getSpec().service.healthCheckGracePeriodSeconds = 60);
    Service described = matching(d).healthCheckGracePeriodSeconds(0).build();
    assertThat(ServiceDrift.between(d, TD, described)).isEmpty();
  }

  @Test
  void gracePeriodDriftReportedWithLoadBalancers() {
    DesiredService d =
        desired(
            sr -> {
              sr.getSpec().service.loadBalancers = List.of(lb(TG_A, "app", 8080));
              sr.getSpec().service.healthCheckGracePeriodSeconds = 60;
            });
    Service described = matching(d).healthCheckGracePeriodSeconds(30).build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(new ServiceDrift.Difference("healthCheckGracePeriodSeconds", 30, 60));
  }

  @Test
  void missingDeploymentConfigurationMeansDefaultsWithoutBreakerWhichDiffers() {
    DesiredService d = desired(sr -> {});
    Service described = matching(d).deploymentConfiguration((DeploymentConfiguration) null).build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(
            new ServiceDrift.Difference(
                "deploymentConfiguration",
                "min=100 max=200 breaker=false/false",
                "min=100 max=200 breaker=true/true"));
  }

  @Test
  void deploymentConfigurationWithUnsetBoundsMeansDefaults() {
    DesiredService d = desired(sr -> {});
    Service described =
        matching(d)
            .deploymentConfiguration(
                DeploymentConfiguration.builder()
                    .deploymentCircuitBreaker(
                        DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                    .build())
            .build();
    assertThat(ServiceDrift.between(d, TD, described)).isEmpty();
  }

  @Test
  void breakerWithoutRollbackIsADifference() {
    DesiredService d = desired(sr -> {});
    Service described =
        matching(d)
            .deploymentConfiguration(
                breakerOn().toBuilder()
                    .deploymentCircuitBreaker(
                        DeploymentCircuitBreaker.builder().enable(true).rollback(false).build())
                    .build())
            .build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(
            new ServiceDrift.Difference(
                "deploymentConfiguration",
                "min=100 max=200 breaker=true/false",
                "min=100 max=200 breaker=true/true"));
  }

  @Test
  void rollingBoundsDrift() {
    DesiredService d = desired(sr -> {});
    Service described =
        matching(d)
            .deploymentConfiguration(breakerOn().toBuilder().minimumHealthyPercent(50).build())
            .build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(
            new ServiceDrift.Difference(
                "deploymentConfiguration",
                "min=50 max=200 breaker=true/true",
                "min=100 max=200 breaker=true/true"));
  }

  @Test
  void taskDefinitionDrift() {
    DesiredService d = desired(sr -> {});
    Service described = matching(d).taskDefinition(TD_OLD).build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(new ServiceDrift.Difference("taskDefinition", TD_OLD, TD));
  }

  @Test
  void desiredCountDrift() {
    DesiredService d = desired(sr -> {});
    Service described = matching(d).desiredCount(5).build();
    List<ServiceDrift.Difference> diffs = ServiceDrift.between(d, TD, described);
    assertThat(diffs).containsExactly(new ServiceDrift.Difference("desiredCount", 5, 2));
    assertThat(diffs.get(0)).hasToString("desiredCount 5 → 2");
  }

  @Test
  void desiredCountIgnoredWhenAutoscaled() {
    DesiredService d =
        desired(
            sr -> {
              sr.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
              sr.getSpec().service.autoscaling.minCapacity = 1;
              sr.getSpec().service.autoscaling.maxCapacity = 10;
            });
    Service described = matching(d).desiredCount(9).build();
    assertThat(ServiceDrift.between(d, TD, described)).isEmpty();
  }

  @Test
  void launchTypeDrift() {
    DesiredService d = desired(sr -> {});
    Service described = matching(d).launchType("EC2").build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(new ServiceDrift.Difference("launchType", "EC2", "FARGATE"));
  }

  @Test
  void capacityProviderStrategyDriftIsOrderInsensitiveAndDefaultsZero() {
    DesiredService d =
        desired(
            sr -> {
              ServiceSpec.CapacityProviderItem spot = new ServiceSpec.CapacityProviderItem();
              spot.capacityProvider = "FARGATE_SPOT";
              spot.weight = 3;
              ServiceSpec.CapacityProviderItem od = new ServiceSpec.CapacityProviderItem();
              od.capacityProvider = "FARGATE";
              od.weight = 1;
              od.base = 1;
              sr.getSpec().service.capacityProviderStrategy = List.of(spot, od);
            });
    Service reordered =
        matching(d)
            .capacityProviderStrategy(
                CapacityProviderStrategyItem.builder()
                    .capacityProvider("FARGATE")
                    .weight(1)
                    .base(1)
                    .build(),
                CapacityProviderStrategyItem.builder()
                    .capacityProvider("FARGATE_SPOT")
                    .weight(3)
                    .build())
            .build();
    assertThat(ServiceDrift.between(d, TD, reordered)).isEmpty();

    Service changed =
        matching(d)
            .capacityProviderStrategy(
                CapacityProviderStrategyItem.builder()
                    .capacityProvider("FARGATE")
                    .weight(1)
                    .build())
            .build();
    assertThat(ServiceDrift.between(d, TD, changed))
        .containsExactly(
            new ServiceDrift.Difference(
                "capacityProviderStrategy",
                List.of("FARGATE:1:0"),
                List.of("FARGATE:1:1", "FARGATE_SPOT:3:0")));
  }

  @Test
  void launchTypeServiceWhenStrategyWantedIsADifference() {
    DesiredService d =
        desired(
            sr -> {
              ServiceSpec.CapacityProviderItem spot = new ServiceSpec.CapacityProviderItem();
              spot.capacityProvider = "FARGATE_SPOT";
              spot.weight = 1;
              sr.getSpec().service.capacityProviderStrategy = List.of(spot);
            });
    Service described =
        matching(d)
            .launchType("FARGATE")
            .capacityProviderStrategy((List<CapacityProviderStrategyItem>) null)
            .build();
    assertThat(fields(ServiceDrift.between(d, TD, described)))
        .containsExactly("capacityProviderStrategy");
  }

  @Test
  void subnetOrderIsNotADifference() {
    DesiredService d = desired(sr -> {});
    Service described =
        matching(d)
            .networkConfiguration(
                NetworkConfiguration.builder()
                    .awsvpcConfiguration(
                        AwsVpcConfiguration.builder()
                            .subnets("subnet-b", "subnet-a")
                            .securityGroups("sg-1")
                            .assignPublicIp(AssignPublicIp.DISABLED)
                            .build())
                    .build())
            .build();
    assertThat(ServiceDrift.between(d, TD, described)).isEmpty();
  }

  @Test
  void networkDriftShowsObservedAndDesired() {
    DesiredService d = desired(sr -> {});
    Service described =
        matching(d)
            .networkConfiguration(
                NetworkConfiguration.builder()
                    .awsvpcConfiguration(
                        AwsVpcConfiguration.builder()
                            .subnets("subnet-a")
                            .securityGroups("sg-1", "sg-9")
                            .assignPublicIp(AssignPublicIp.ENABLED)
                            .build())
                    .build())
            .build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(
            new ServiceDrift.Difference(
                "network",
                "subnets=[subnet-a] securityGroups=[sg-1, sg-9] publicIp=ENABLED",
                "subnets=[subnet-a, subnet-b] securityGroups=[sg-1] publicIp=DISABLED"));
  }

  @Test
  void missingNetworkIsADifference() {
    DesiredService d = desired(sr -> {});
    Service described = matching(d).networkConfiguration((NetworkConfiguration) null).build();
    assertThat(fields(ServiceDrift.between(d, TD, described))).containsExactly("network");
  }

  @Test
  void loadBalancersComparedAsSets() {
    DesiredService d =
        desired(
            sr ->
                sr.getSpec().service.loadBalancers =
                    List.of(lb(TG_A, "app", 8080), lb(TG_B, "app", 8080)));
    Service reordered =
        matching(d).loadBalancers(sdkLb(TG_B, "app", 8080), sdkLb(TG_A, "app", 8080)).build();
    assertThat(ServiceDrift.between(d, TD, reordered)).isEmpty();

    Service missingOne = matching(d).loadBalancers(sdkLb(TG_A, "app", 8080)).build();
    assertThat(fields(ServiceDrift.between(d, TD, missingOne))).containsExactly("loadBalancers");
  }

  @Test
  void loadBalancerAddedOutOfBandIsADifference() {
    DesiredService d = desired(sr -> {});
    Service described = matching(d).loadBalancers(sdkLb(TG_A, "app", 8080)).build();
    assertThat(ServiceDrift.between(d, TD, described))
        .singleElement()
        .satisfies(
            diff -> {
              assertThat(diff.field()).isEqualTo("loadBalancers");
              assertThat(diff.desired()).isEqualTo(java.util.Set.of());
            });
  }

  @Test
  void enableExecuteCommandDrift() {
    DesiredService d = desired(sr -> {});
    Service described = matching(d).enableExecuteCommand(true).build();
    assertThat(ServiceDrift.between(d, TD, described))
        .containsExactly(new ServiceDrift.Difference("enableExecuteCommand", true, false));
  }

  @Test
  void severalDriftsAreAllReported() {
    DesiredService d = desired(sr -> {});
    Service described =
        matching(d).taskDefinition(TD_OLD).desiredCount(0).enableExecuteCommand(true).build();
    assertThat(fields(ServiceDrift.between(d, TD, described)))
        .containsExactlyInAnyOrder("taskDefinition", "desiredCount", "enableExecuteCommand");
  }

  @Test
  void platformVersionDrift() {
    DesiredService d = desired(sr -> sr.getSpec().service.platformVersion = "1.4.0");
    Service described = matching(d).platformVersion("1.3.0").build();
    assertThat(fields(ServiceDrift.between(d, TD, described))).containsExactly("platformVersion");
  }
}
