package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ElbResources.RuleModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * What ECS writes to the load balancer during a blue/green, canary or linear deployment: the
 * forward action of the production (and test) listener rule, as a weighted forward over the blue
 * and the green target group. It writes directly, not through ModifyRule, so the traffic guard does
 * not count ECS's own writes.
 */
final class TrafficShifter {
  private final RegionState rs;

  TrafficShifter(RegionState rs) {
    this.rs = rs;
  }

  /** Sends {@code greenPercent} of production traffic to green, the rest to blue. */
  void production(ServiceDeploymentModel sd, double greenPercent) {
    sd.productionWeight = greenPercent;
    forEachPair(
        sd, (blue, green, adv) -> write(adv.productionListenerRule(), blue, green, greenPercent));
  }

  /** Sends all test traffic to green (or back to blue). */
  void test(ServiceDeploymentModel sd, boolean toGreen) {
    sd.testWeight = toGreen ? 100 : 0;
    forEachPair(
        sd,
        (blue, green, adv) -> {
          if (adv.testListenerRule() != null) {
            write(adv.testListenerRule(), blue, green, toGreen ? 100 : 0);
          }
        });
  }

  private interface PairAction {
    void apply(
        String blueTg,
        String greenTg,
        software.amazon.awssdk.services.ecs.model.AdvancedConfiguration adv);
  }

  private void forEachPair(ServiceDeploymentModel sd, PairAction action) {
    List<LoadBalancer> green = sd.green().loadBalancers;
    for (int i = 0; i < green.size(); i++) {
      LoadBalancer lb = green.get(i);
      var adv = lb.advancedConfiguration();
      if (adv == null) continue;
      String greenTg = lb.targetGroupArn();
      String blueTg = NativePlan.other(lb, greenTg);
      action.apply(blueTg, greenTg, adv);
    }
  }

  private void write(String ruleOrListener, String blueTg, String greenTg, double greenPercent) {
    int[] w = weights(greenPercent);
    RuleModel rule = rs.elb.rules.get(ruleOrListener);
    if (rule != null) {
      rule.actions = rewrite(rule.actions, blueTg, w[0], greenTg, w[1]);
      return;
    }
    ListenerModel l = rs.elb.listeners.get(ruleOrListener);
    if (l != null) l.defaultActions = rewrite(l.defaultActions, blueTg, w[0], greenTg, w[1]);
  }

  private static List<Action> rewrite(
      List<Action> actions, String blueTg, int blueWeight, String greenTg, int greenWeight) {
    Action old = ForwardActions.terminal(actions);
    Action.Builder b = Action.builder().type("forward");
    if (old != null && old.order() != null) b.order(old.order());
    var stickiness =
        old == null || old.forwardConfig() == null
            ? null
            : old.forwardConfig().targetGroupStickinessConfig();
    b.forwardConfig(
        f ->
            f.targetGroups(
                    TargetGroupTuple.builder().targetGroupArn(blueTg).weight(blueWeight).build(),
                    TargetGroupTuple.builder().targetGroupArn(greenTg).weight(greenWeight).build())
                .targetGroupStickinessConfig(stickiness));
    List<Action> out = new ArrayList<>();
    for (Action a : actions) if (a != old) out.add(a);
    out.add(b.build());
    return out;
  }

  /**
   * ALB weights (0-999) for a percentage: whole percentages out of 100, tenths out of 1000 (99.9 %
   * is 1 and 999).
   */
  static int[] weights(double greenPercent) {
    BigDecimal p = BigDecimal.valueOf(greenPercent);
    if (p.stripTrailingZeros().scale() <= 0) {
      int g = p.intValue();
      return new int[] {100 - g, g};
    }
    int g = p.movePointRight(1).intValue();
    return new int[] {1000 - g, g};
  }
}
