package dev.slipway.release.progressive;

import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.StrategySpec.Promotion;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.AdvancedConfiguration;
import software.amazon.awssdk.services.ecs.model.CanaryConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookAction;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookStage;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookTargetType;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookTimeoutConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.LinearConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

/**
 * What an ECS-native BlueGreen, Canary or Linear release asks of ECS, rendered purely from the
 * strategy and the ARNs of the traffic pieces Slipway owns: the deployment configuration (strategy,
 * bake times, the pause hook that holds the deployment for promotion) and the load balancer's
 * advanced configuration (alternate target group, production and test rules, ECS's role).
 */
public final class EcsNativeDeployment {
  /** The stage at which a manual promotion holds: test traffic reaches the new revision. */
  public static final DeploymentLifecycleHookStage PROMOTION_STAGE =
      DeploymentLifecycleHookStage.POST_TEST_TRAFFIC_SHIFT;

  private EcsNativeDeployment() {}

  /** Whether ECS runs this strategy natively (as opposed to Rolling or Slipway's Weighted). */
  public static boolean isNative(StrategySpec s) {
    return s != null
        && (s.type == StrategySpec.Type.BlueGreen
            || s.type == StrategySpec.Type.Canary
            || s.type == StrategySpec.Type.Linear);
  }

  /**
   * The deployment configuration: ECS's strategy with its bake times, the circuit breaker with
   * rollback (a revision that never gets healthy never takes production), and for a manual
   * promotion a pause hook after the test traffic shift that rolls back when nobody decides in
   * time.
   */
  public static DeploymentConfiguration configuration(StrategySpec s) {
    DeploymentConfiguration.Builder b =
        DeploymentConfiguration.builder()
            .deploymentCircuitBreaker(
                DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
            .lifecycleHooks(hooks(s.promotion));
    return switch (s.type) {
      case BlueGreen ->
          b.strategy(DeploymentStrategy.BLUE_GREEN)
              .bakeTimeInMinutes(
                  orDefault(s.blueGreen == null ? null : s.blueGreen.bakeTimeMinutes, 10))
              .build();
      case Canary ->
          b.strategy(DeploymentStrategy.CANARY)
              .bakeTimeInMinutes(orDefault(s.canary.finalBakeTimeMinutes, 10))
              .canaryConfiguration(
                  CanaryConfiguration.builder()
                      .canaryPercent(s.canary.percent)
                      .canaryBakeTimeInMinutes(orDefault(s.canary.bakeTimeMinutes, 10))
                      .build())
              .build();
      case Linear ->
          b.strategy(DeploymentStrategy.LINEAR)
              .bakeTimeInMinutes(orDefault(s.linear.finalBakeTimeMinutes, 10))
              .linearConfiguration(
                  LinearConfiguration.builder()
                      .stepPercent(s.linear.stepPercent)
                      .stepBakeTimeInMinutes(orDefault(s.linear.stepBakeTimeMinutes, 5))
                      .build())
              .build();
      default -> throw new IllegalArgumentException(s.type + " is not ECS-native");
    };
  }

  /**
   * A promotion is an ECS pause hook: the deployment waits in AWAITING_ACTION until
   * ContinueServiceDeployment (a person's, or Slipway's once the automatic conditions hold), and
   * rolls back on its own when the timeout passes. Only Auto without conditions needs no hook.
   */
  static List<DeploymentLifecycleHook> hooks(Promotion p) {
    Promotion promotion = p == null ? new Promotion() : p;
    if (promotion.mode == Promotion.Mode.Auto && promotion.auto == null) return List.of();
    return List.of(
        DeploymentLifecycleHook.builder()
            .targetType(DeploymentLifecycleHookTargetType.PAUSE)
            .lifecycleStages(PROMOTION_STAGE)
            .timeoutConfiguration(
                DeploymentLifecycleHookTimeoutConfiguration.builder()
                    .timeoutInMinutes(orDefault(promotion.timeoutMinutes, 1440))
                    .action(DeploymentLifecycleHookAction.ROLLBACK)
                    .build())
            .build());
  }

  /** The service's load balancer entry with the pieces ECS switches between. */
  public static LoadBalancer withTraffic(LoadBalancer lb, TrafficArns arns, String roleArn) {
    return lb.toBuilder()
        .advancedConfiguration(
            AdvancedConfiguration.builder()
                .alternateTargetGroupArn(arns.alternateTargetGroup())
                .productionListenerRule(arns.productionRule())
                .testListenerRule(arns.testRule())
                .roleArn(roleArn)
                .build())
        .build();
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
