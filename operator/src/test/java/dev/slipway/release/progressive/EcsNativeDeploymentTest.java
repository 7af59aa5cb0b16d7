package dev.slipway.release.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.StrategySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

/** The ECS deployment configuration and load balancer entry of each ECS-native strategy. */
class EcsNativeDeploymentTest {

  @Test
  void blueGreenWithManualPromotionPausesAfterTheTestTrafficShiftAndRollsBackOnTimeout() {
    StrategySpec s = new StrategySpec();
    s.type = StrategySpec.Type.BlueGreen;
    s.blueGreen = new StrategySpec.BlueGreen();
    s.blueGreen.bakeTimeMinutes = 15;
    DeploymentConfiguration c = EcsNativeDeployment.configuration(s);
    assertThat(c.strategyAsString()).isEqualTo("BLUE_GREEN");
    assertThat(c.bakeTimeInMinutes()).isEqualTo(15);
    assertThat(c.deploymentCircuitBreaker().rollback()).isTrue();
    assertThat(c.lifecycleHooks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.targetTypeAsString()).isEqualTo("PAUSE");
              assertThat(h.lifecycleStagesAsStrings()).containsExactly("POST_TEST_TRAFFIC_SHIFT");
              assertThat(h.timeoutConfiguration().timeoutInMinutes()).isEqualTo(1440);
              assertThat(h.timeoutConfiguration().actionAsString()).isEqualTo("ROLLBACK");
            });
  }

  @Test
  void automaticPromotionHasNoHookAndCanaryAndLinearCarryTheirSteps() {
    StrategySpec canary = new StrategySpec();
    canary.type = StrategySpec.Type.Canary;
    canary.canary = new StrategySpec.Canary();
    canary.canary.percent = 5.0;
    canary.canary.bakeTimeMinutes = 20;
    canary.promotion = new StrategySpec.Promotion();
    canary.promotion.mode = StrategySpec.Promotion.Mode.Auto;
    DeploymentConfiguration c = EcsNativeDeployment.configuration(canary);
    assertThat(c.strategyAsString()).isEqualTo("CANARY");
    assertThat(c.lifecycleHooks()).isEmpty();
    assertThat(c.canaryConfiguration().canaryPercent()).isEqualTo(5.0);
    assertThat(c.canaryConfiguration().canaryBakeTimeInMinutes()).isEqualTo(20);
    assertThat(c.bakeTimeInMinutes()).isEqualTo(10);

    StrategySpec linear = new StrategySpec();
    linear.type = StrategySpec.Type.Linear;
    linear.linear = new StrategySpec.Linear();
    linear.linear.stepPercent = 25.0;
    DeploymentConfiguration l = EcsNativeDeployment.configuration(linear);
    assertThat(l.strategyAsString()).isEqualTo("LINEAR");
    assertThat(l.linearConfiguration().stepPercent()).isEqualTo(25.0);
    assertThat(l.linearConfiguration().stepBakeTimeInMinutes()).isEqualTo(5);
    assertThat(EcsNativeDeployment.isNative(linear)).isTrue();
    assertThat(EcsNativeDeployment.isNative(new StrategySpec())).isFalse();
  }

  @Test
  void theLoadBalancerEntryNamesWhatEcsSwitchesBetween() {
    LoadBalancer lb =
        EcsNativeDeployment.withTraffic(
            LoadBalancer.builder()
                .targetGroupArn("tg-blue")
                .containerName("app")
                .containerPort(80)
                .build(),
            new TrafficArns("tg-green", "rule-prod", "rule-test"),
            "arn:aws:iam::123456789012:role/ecs-elb");
    assertThat(lb.targetGroupArn()).isEqualTo("tg-blue");
    assertThat(lb.advancedConfiguration().alternateTargetGroupArn()).isEqualTo("tg-green");
    assertThat(lb.advancedConfiguration().productionListenerRule()).isEqualTo("rule-prod");
    assertThat(lb.advancedConfiguration().testListenerRule()).isEqualTo("rule-test");
    assertThat(lb.advancedConfiguration().roleArn())
        .isEqualTo("arn:aws:iam::123456789012:role/ecs-elb");
  }
}
