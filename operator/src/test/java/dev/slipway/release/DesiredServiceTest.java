package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/** Renders ECS service settings, create and update requests from the spec. */
class DesiredServiceTest {
  private static final String TD = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:7";
  private static final String TG =
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/6d0ecf831eec9f09";

  private static ServiceRelease web() {
    return Releases.web("web", "registry/web:v1");
  }

  private static ServiceSpec.CapacityProviderItem item(String name, Integer weight, Integer base) {
    ServiceSpec.CapacityProviderItem i = new ServiceSpec.CapacityProviderItem();
    i.capacityProvider = name;
    i.weight = weight;
    i.base = base;
    return i;
  }

  private static ServiceSpec.LoadBalancer lb(String container, int port) {
    ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
    lb.targetGroupArn = TG;
    lb.containerName = container;
    lb.containerPort = port;
    return lb;
  }

  private static void autoscale(ServiceRelease sr, int min, int max) {
    sr.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
    sr.getSpec().service.autoscaling.minCapacity = min;
    sr.getSpec().service.autoscaling.maxCapacity = max;
  }

  @Test
  void identityComesFromTheSpecAndDefaultsToTheResourceName() {
    DesiredService d = DesiredService.from(web());
    assertThat(d.cluster()).isEqualTo("core");
    assertThat(d.serviceName()).isEqualTo("web");

    ServiceRelease named = web();
    named.getSpec().serviceName = "web-svc";
    assertThat(DesiredService.from(named).serviceName()).isEqualTo("web-svc");
  }

  @Test
  void launchTypeDefaultsToFargate() {
    DesiredService d = DesiredService.from(web());
    assertThat(d.launchType()).isEqualTo("FARGATE");
    assertThat(d.capacityProviderStrategy()).isEmpty();
  }

  @Test
  void explicitLaunchTypeIsKept() {
    ServiceRelease sr = web();
    sr.getSpec().service.launchType = "EC2";
    assertThat(DesiredService.from(sr).launchType()).isEqualTo("EC2");
  }

  @Test
  void capacityProviderStrategyReplacesLaunchTypeWithZeroDefaults() {
    ServiceRelease sr = web();
    sr.getSpec().service.capacityProviderStrategy =
        List.of(item("FARGATE_SPOT", 3, null), item("FARGATE", null, 1));
    DesiredService d = DesiredService.from(sr);

    assertThat(d.launchType()).isNull();
    assertThat(d.capacityProviderStrategy())
        .containsExactly(
            CapacityProviderStrategyItem.builder()
                .capacityProvider("FARGATE_SPOT")
                .weight(3)
                .base(0)
                .build(),
            CapacityProviderStrategyItem.builder()
                .capacityProvider("FARGATE")
                .weight(0)
                .base(1)
                .build());

    CreateServiceRequest create = d.createRequest(TD, "token", List.of());
    assertThat(create.launchType()).isNull();
    assertThat(create.capacityProviderStrategy()).hasSize(2);
    assertThat(d.updateRequest(TD).capacityProviderStrategy()).hasSize(2);
  }

  @Test
  void networkIsSortedWithPublicIpDisabledByDefault() {
    ServiceRelease sr = web();
    sr.getSpec().service.networkConfiguration.subnets = List.of("subnet-c", "subnet-a", "subnet-b");
    sr.getSpec().service.networkConfiguration.securityGroups = List.of("sg-2", "sg-1");
    AwsVpcConfiguration vpc = DesiredService.from(sr).networkConfiguration().awsvpcConfiguration();

    assertThat(vpc.subnets()).containsExactly("subnet-a", "subnet-b", "subnet-c");
    assertThat(vpc.securityGroups()).containsExactly("sg-1", "sg-2");
    assertThat(vpc.assignPublicIp()).isEqualTo(AssignPublicIp.DISABLED);
  }

  @Test
  void assignPublicIpTrueEnablesIt() {
    ServiceRelease sr = web();
    sr.getSpec().service.networkConfiguration.assignPublicIp = true;
    assertThat(
            DesiredService.from(sr).networkConfiguration().awsvpcConfiguration().assignPublicIp())
        .isEqualTo(AssignPublicIp.ENABLED);
  }

  @Test
  void noNetworkConfigurationWhenUnset() {
    ServiceRelease sr = web();
    sr.getSpec().service.networkConfiguration = null;
    DesiredService d = DesiredService.from(sr);
    assertThat(d.networkConfiguration()).isNull();
    assertThat(d.createRequest(TD, "t", List.of()).networkConfiguration()).isNull();
  }

  @Test
  void circuitBreakerWithRollbackIsAlwaysOnAndRollingBoundsDefault() {
    ServiceRelease sr = web();
    sr.getSpec().strategy = null;
    var dc = DesiredService.from(sr).deploymentConfiguration();
    assertThat(dc.minimumHealthyPercent()).isEqualTo(100);
    assertThat(dc.maximumPercent()).isEqualTo(200);
    assertThat(dc.deploymentCircuitBreaker().enable()).isTrue();
    assertThat(dc.deploymentCircuitBreaker().rollback()).isTrue();

    ServiceRelease nulls = web();
    nulls.getSpec().strategy.rolling.minimumHealthyPercent = null;
    nulls.getSpec().strategy.rolling.maximumPercent = null;
    var dc2 = DesiredService.from(nulls).deploymentConfiguration();
    assertThat(dc2.minimumHealthyPercent()).isEqualTo(100);
    assertThat(dc2.maximumPercent()).isEqualTo(200);
  }

  @Test
  void explicitRollingBoundsAreKept() {
    ServiceRelease sr = web();
    sr.getSpec().strategy.rolling.minimumHealthyPercent = 50;
    sr.getSpec().strategy.rolling.maximumPercent = 150;
    var dc = DesiredService.from(sr).deploymentConfiguration();
    assertThat(dc.minimumHealthyPercent()).isEqualTo(50);
    assertThat(dc.maximumPercent()).isEqualTo(150);
    assertThat(dc.deploymentCircuitBreaker().enable()).isTrue();
    assertThat(dc.deploymentCircuitBreaker().rollback()).isTrue();
  }

  @Test
  void desiredCountDefaultsToOne() {
    ServiceRelease sr = web();
    sr.getSpec().service.desiredCount = null;
    assertThat(DesiredService.from(sr).desiredCount()).isEqualTo(1);
    sr.getSpec().service = null;
    assertThat(DesiredService.from(sr).desiredCount()).isEqualTo(1);
  }

  @Test
  void withoutAutoscalingTheUpdateCarriesDesiredCount() {
    DesiredService d = DesiredService.from(web());
    assertThat(d.autoscaled()).isFalse();
    assertThat(d.desiredCount()).isEqualTo(2);
    assertThat(d.updateRequest(TD).desiredCount()).isEqualTo(2);
    assertThat(d.createRequest(TD, "t", List.of()).desiredCount()).isEqualTo(2);
  }

  @Test
  void withAutoscalingTheUpdateLeavesDesiredCountOut() {
    ServiceRelease sr = web();
    autoscale(sr, 1, 10);
    DesiredService d = DesiredService.from(sr);
    assertThat(d.autoscaled()).isTrue();
    assertThat(d.updateRequest(TD).desiredCount()).isNull();
    assertThat(d.createRequest(TD, "t", List.of()).desiredCount()).isEqualTo(2);
  }

  @Test
  void autoscaledInitialCountIsTheLargerOfMinCapacityAndDesiredCount() {
    ServiceRelease belowMin = web();
    autoscale(belowMin, 4, 10);
    assertThat(DesiredService.from(belowMin).desiredCount()).isEqualTo(4);

    ServiceRelease aboveMin = web();
    aboveMin.getSpec().service.desiredCount = 6;
    autoscale(aboveMin, 4, 10);
    assertThat(DesiredService.from(aboveMin).desiredCount()).isEqualTo(6);

    ServiceRelease unset = web();
    unset.getSpec().service.desiredCount = null;
    autoscale(unset, 0, 10);
    assertThat(DesiredService.from(unset).desiredCount()).isEqualTo(1);
  }

  @Test
  void healthCheckGracePeriodOnlyWithLoadBalancers() {
    ServiceRelease noLb = web();
    noLb.getSpec().service.healthCheckGracePeriodSeconds = 60;
    DesiredService d = DesiredService.from(noLb);
    assertThat(d.createRequest(TD, "t", List.of()).healthCheckGracePeriodSeconds()).isNull();
    assertThat(d.updateRequest(TD).healthCheckGracePeriodSeconds()).isNull();

    ServiceRelease withLb = web();
    withLb.getSpec().service.healthCheckGracePeriodSeconds = 60;
    withLb.getSpec().service.loadBalancers = List.of(lb("app", 8080));
    DesiredService l = DesiredService.from(withLb);
    assertThat(l.createRequest(TD, "t", List.of()).healthCheckGracePeriodSeconds()).isEqualTo(60);
    assertThat(l.updateRequest(TD).healthCheckGracePeriodSeconds()).isEqualTo(60);
  }

  @Test
  void loadBalancersAreMapped() {
    ServiceRelease sr = web();
    sr.getSpec().service.loadBalancers = List.of(lb("app", 8080));
    DesiredService d = DesiredService.from(sr);
    assertThat(d.loadBalancers())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.targetGroupArn()).isEqualTo(TG);
              assertThat(l.containerName()).isEqualTo("app");
              assertThat(l.containerPort()).isEqualTo(8080);
            });
    assertThat(d.createRequest(TD, "t", List.of()).loadBalancers()).hasSize(1);
    assertThat(d.updateRequest(TD).loadBalancers()).hasSize(1);
  }

  @Test
  void createRequestWithoutLoadBalancersLeavesThemUnset() {
    CreateServiceRequest create = DesiredService.from(web()).createRequest(TD, "t", List.of());
    assertThat(create.hasLoadBalancers()).isFalse();
    assertThat(create.hasCapacityProviderStrategy()).isFalse();
  }

  @Test
  void updateRequestClearsLoadBalancersRemovedFromTheSpec() {
    UpdateServiceRequest update = DesiredService.from(web()).updateRequest(TD);
    assertThat(update.hasLoadBalancers()).isTrue();
    assertThat(update.loadBalancers()).isEmpty();
  }

  @Test
  void createRequestCarriesEverything() {
    ServiceRelease sr = web();
    sr.getSpec().service.enableExecuteCommand = true;
    sr.getSpec().service.platformVersion = "1.4.0";
    List<Tag> tags = Tags.ownership(sr);
    CreateServiceRequest create = DesiredService.from(sr).createRequest(TD, "tok-123", tags);

    assertThat(create.cluster()).isEqualTo("core");
    assertThat(create.serviceName()).isEqualTo("web");
    assertThat(create.taskDefinition()).isEqualTo(TD);
    assertThat(create.clientToken()).isEqualTo("tok-123");
    assertThat(create.tags())
        .containsExactly(
            Tag.builder().key("slipway.dev/managed-by").value("slipway").build(),
            Tag.builder().key("slipway.dev/owner").value("default/web").build());
    assertThat(create.launchType()).isEqualTo(LaunchType.FARGATE);
    assertThat(create.platformVersion()).isEqualTo("1.4.0");
    assertThat(create.enableExecuteCommand()).isTrue();
    assertThat(create.propagateTags()).isEqualTo(PropagateTags.SERVICE);
    assertThat(create.enableECSManagedTags()).isTrue();
    assertThat(create.deploymentConfiguration().deploymentCircuitBreaker().rollback()).isTrue();
    assertThat(create.networkConfiguration().awsvpcConfiguration().subnets())
        .containsExactly("subnet-0a1b2c3d");
  }

  @Test
  void updateRequestCarriesWhatSlipwayOwns() {
    ServiceRelease sr = web();
    sr.getSpec().service.enableExecuteCommand = null;
    UpdateServiceRequest update = DesiredService.from(sr).updateRequest(TD);

    assertThat(update.cluster()).isEqualTo("core");
    assertThat(update.service()).isEqualTo("web");
    assertThat(update.taskDefinition()).isEqualTo(TD);
    assertThat(update.enableExecuteCommand()).isFalse();
    assertThat(update.platformVersion()).isNull();
    assertThat(update.hasCapacityProviderStrategy()).isFalse();
    assertThat(update.deploymentConfiguration().deploymentCircuitBreaker().enable()).isTrue();
    assertThat(update.networkConfiguration().awsvpcConfiguration().subnets())
        .containsExactly("subnet-0a1b2c3d");
  }

  @Test
  void settingsHashIsDeterministicAndSensitive() {
    String base = DesiredService.from(web()).settingsHash();
    assertThat(DesiredService.from(web()).settingsHash()).isEqualTo(base).matches("[0-9a-f]{16}");

    ServiceRelease publicIp = web();
    publicIp.getSpec().service.networkConfiguration.assignPublicIp = true;
    assertThat(DesiredService.from(publicIp).settingsHash()).isNotEqualTo(base);

    ServiceRelease reordered = web();
    reordered.getSpec().service.networkConfiguration.subnets = List.of("subnet-b", "subnet-a");
    ServiceRelease ordered = web();
    ordered.getSpec().service.networkConfiguration.subnets = List.of("subnet-a", "subnet-b");
    assertThat(DesiredService.from(reordered).settingsHash())
        .as("subnet order is not a setting")
        .isEqualTo(DesiredService.from(ordered).settingsHash());
  }
}
