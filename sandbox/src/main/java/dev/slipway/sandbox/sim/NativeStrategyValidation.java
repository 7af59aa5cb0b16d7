package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ElbResources.RuleModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;

/**
 * The checks ECS makes on a service that deploys BLUE_GREEN, CANARY or LINEAR: every load balancer
 * needs an advancedConfiguration whose alternate target group and listener rules exist, the rules
 * must forward (nothing else), and the strategy's settings must be in range.
 */
final class NativeStrategyValidation {
  private static final Set<String> HOOK_STAGES =
      Set.of(
          "RECONCILE_SERVICE",
          "PRE_SCALE_UP",
          "POST_SCALE_UP",
          "TEST_TRAFFIC_SHIFT",
          "POST_TEST_TRAFFIC_SHIFT",
          "PRE_PRODUCTION_TRAFFIC_SHIFT",
          "PRODUCTION_TRAFFIC_SHIFT",
          "POST_PRODUCTION_TRAFFIC_SHIFT");
  private final RegionState rs;

  NativeStrategyValidation(RegionState rs) {
    this.rs = rs;
  }

  static boolean isNative(DeploymentConfiguration c) {
    return c != null
        && c.strategy() != null
        && ServiceDeploymentModel.NATIVE.contains(c.strategyAsString());
  }

  void check(DeploymentConfiguration c, List<LoadBalancer> lbs) {
    if (c.strategy() == null) return;
    String strategy = c.strategyAsString();
    if (!Set.of("ROLLING", "BLUE_GREEN", "CANARY", "LINEAR").contains(strategy)) {
      throw EcsErrors.invalidParameter("Invalid deployment strategy: " + strategy + ".");
    }
    if (c.hasLifecycleHooks()) c.lifecycleHooks().forEach(NativeStrategyValidation::hook);
    if (!isNative(c)) return;
    range("bakeTimeInMinutes", c.bakeTimeInMinutes(), 0, 1440);
    if (strategy.equals("CANARY") && c.canaryConfiguration() != null) {
      var cc = c.canaryConfiguration();
      percent("canaryPercent", cc.canaryPercent(), 0.1);
      range("canaryBakeTimeInMinutes", cc.canaryBakeTimeInMinutes(), 0, 1440);
    }
    if (strategy.equals("LINEAR") && c.linearConfiguration() != null) {
      var lc = c.linearConfiguration();
      percent("stepPercent", lc.stepPercent(), 3.0);
      range("stepBakeTimeInMinutes", lc.stepBakeTimeInMinutes(), 0, 1440);
    }
    for (LoadBalancer lb : lbs) loadBalancer(strategy, lb);
  }

  private void loadBalancer(String strategy, LoadBalancer lb) {
    var adv = lb.advancedConfiguration();
    if (adv == null) {
      throw EcsErrors.invalidParameter(
          "advancedConfiguration is required for load balancers of a service using the "
              + strategy
              + " deployment strategy.");
    }
    if (adv.alternateTargetGroupArn() == null || adv.roleArn() == null) {
      throw EcsErrors.invalidParameter(
          "advancedConfiguration requires alternateTargetGroupArn and roleArn.");
    }
    if (adv.alternateTargetGroupArn().equals(lb.targetGroupArn())) {
      throw EcsErrors.invalidParameter(
          "The alternate target group must differ from the target group "
              + lb.targetGroupArn()
              + ".");
    }
    if (rs.elb.targetGroup(adv.alternateTargetGroupArn()) == null) {
      throw EcsErrors.invalidParameter(
          "Unable to find target group with arn " + adv.alternateTargetGroupArn() + ".");
    }
    if (!rs.elb.isInUse(adv.alternateTargetGroupArn())) {
      throw EcsErrors.invalidParameter(
          "The target group with targetGroupArn "
              + adv.alternateTargetGroupArn()
              + " does not have an associated load balancer.");
    }
    if (adv.productionListenerRule() == null) {
      throw EcsErrors.invalidParameter("advancedConfiguration requires productionListenerRule.");
    }
    rule("productionListenerRule", adv.productionListenerRule());
    if (adv.testListenerRule() != null) rule("testListenerRule", adv.testListenerRule());
  }

  private void rule(String field, String arn) {
    RuleModel rule = rs.elb.rules.get(arn);
    List<Action> actions;
    if (rule != null) {
      actions = rule.actions;
    } else {
      ListenerModel l = rs.elb.listeners.get(arn);
      if (l == null)
        throw EcsErrors.invalidParameter("The " + field + " " + arn + " does not exist.");
      actions = l.defaultActions;
    }
    if (actions.size() != 1 || !"forward".equals(actions.get(0).typeAsString())) {
      throw EcsErrors.invalidParameter(
          "The "
              + field
              + " "
              + arn
              + " must have a single forward action: blue/green deployments do not support rules"
              + " with other actions.");
    }
  }

  private static void hook(DeploymentLifecycleHook h) {
    String type = h.targetTypeAsString();
    if (!"PAUSE".equals(type) && !"AWS_LAMBDA".equals(type)) {
      throw EcsErrors.invalidParameter("Invalid lifecycle hook targetType: " + type + ".");
    }
    if ("AWS_LAMBDA".equals(type)
        && (h.hookTargetArn() == null
            || !h.hookTargetArn().startsWith("arn:aws:lambda:")
            || h.roleArn() == null)) {
      throw EcsErrors.invalidParameter(
          "An AWS_LAMBDA lifecycle hook requires a Lambda function hookTargetArn and a roleArn.");
    }
    if (!h.hasLifecycleStages() || h.lifecycleStages().isEmpty()) {
      throw EcsErrors.invalidParameter("A lifecycle hook requires at least one lifecycle stage.");
    }
    for (String st : h.lifecycleStagesAsStrings()) {
      if (!HOOK_STAGES.contains(st)) {
        throw EcsErrors.invalidParameter("Invalid lifecycle stage: " + st + ".");
      }
    }
    if (h.timeoutConfiguration() != null) {
      range("timeoutInMinutes", h.timeoutConfiguration().timeoutInMinutes(), 1, 20160);
    }
  }

  private static void range(String field, Integer v, int min, int max) {
    if (v != null && (v < min || v > max)) {
      throw EcsErrors.invalidParameter(
          field + " must be between " + min + " and " + max + ", got " + v + ".");
    }
  }

  /** Multiples of 0.1 from {@code min} to 100. */
  private static void percent(String field, Double v, double min) {
    if (v == null) return;
    boolean tenths = BigDecimal.valueOf(v).stripTrailingZeros().scale() <= 1;
    if (v < min || v > 100 || !tenths) {
      throw EcsErrors.invalidParameter(
          field + " must be a multiple of 0.1 from " + min + " to 100.0, got " + v + ".");
    }
  }
}
