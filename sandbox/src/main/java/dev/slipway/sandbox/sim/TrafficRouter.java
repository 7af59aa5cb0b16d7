package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ElbResources.RuleModel;
import dev.slipway.sandbox.sim.ElbResources.TargetGroupModel;
import dev.slipway.sandbox.sim.ElbResources.TargetModel;
import dev.slipway.sandbox.sim.ForwardActions.WeightedTarget;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;

/**
 * Routes a request as an Application Load Balancer listener does: rules in priority order, the
 * default rule last, then a weighted choice of target group, then a healthy target in it.
 */
final class TrafficRouter {
  /** Label for targets registered by hand rather than by ECS. */
  static final String MANUAL = "manual";

  /** The rule a request matched, its terminal action's type and weighted target groups. */
  record Route(String ruleArn, String actionType, List<WeightedTarget> targets) {}

  /**
   * Healthy targets of a target group counted by task definition, or (when there are none) why a
   * request sent there reaches nothing that is known to serve it.
   */
  record Delivery(Map<String, Integer> targetsByRevision, String lostReason) {}

  private TrafficRouter() {}

  static Route route(ListenerModel l, RequestShape r) {
    List<RuleModel> rules =
        l.rules.values().stream().sorted(Comparator.comparingInt(x -> x.priority)).toList();
    for (RuleModel rule : rules) {
      if (RuleConditions.matches(rule.conditions, r)) return of(rule.arn, rule.actions);
    }
    return of(l.defaultRuleArn, l.defaultActions);
  }

  private static Route of(String ruleArn, List<Action> actions) {
    Action a = ForwardActions.terminal(actions);
    String type = a == null ? "none" : a.typeAsString();
    return new Route(ruleArn, type, ForwardActions.targets(a));
  }

  /**
   * Only healthy targets get requests. With none, an ALB fails open to unhealthy or still
   * registering targets (which are not known to serve) or answers 503: both count as lost here.
   * Draining targets finish requests in flight but get no new ones.
   */
  static Delivery deliver(TargetGroupModel tg) {
    if (tg == null) return new Delivery(Map.of(), "missing-target-group");
    Map<String, Integer> healthy = new TreeMap<>();
    boolean initial = false;
    boolean unhealthy = false;
    for (TargetModel t : tg.targets.values()) {
      switch (t.state) {
        case "healthy" ->
            healthy.merge(
                t.taskDefinitionArn == null ? MANUAL : t.taskDefinitionArn, 1, Integer::sum);
        case "initial" -> initial = true;
        case "draining" -> {}
        default -> unhealthy = true;
      }
    }
    if (!healthy.isEmpty()) return new Delivery(healthy, null);
    if (unhealthy) return new Delivery(Map.of(), "unhealthy");
    return new Delivery(Map.of(), initial ? "initial" : "empty");
  }
}
