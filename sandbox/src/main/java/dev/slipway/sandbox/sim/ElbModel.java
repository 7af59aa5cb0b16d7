package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ElbResources.LoadBalancerModel;
import dev.slipway.sandbox.sim.ElbResources.RuleModel;
import dev.slipway.sandbox.sim.ElbResources.TargetGroupModel;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;

/** ELBv2 state for one account and region, with the cross-references ECS and deletes need. */
final class ElbModel {
  final Map<String, LoadBalancerModel> loadBalancers = new LinkedHashMap<>();
  final Map<String, TargetGroupModel> targetGroups = new LinkedHashMap<>();
  final Map<String, ListenerModel> listeners = new LinkedHashMap<>();
  final Map<String, RuleModel> rules = new LinkedHashMap<>();

  TargetGroupModel targetGroup(String arn) {
    return arn == null ? null : targetGroups.get(arn);
  }

  /** Load balancers whose listeners or rules forward to the target group. */
  Set<String> loadBalancersOf(String targetGroupArn) {
    Set<String> out = new LinkedHashSet<>();
    for (ListenerModel l : listeners.values()) {
      Stream<Action> actions =
          Stream.concat(
              l.defaultActions.stream(),
              l.rules.values().stream().flatMap(r -> r.actions.stream()));
      if (actions.anyMatch(a -> forwardsTo(a).contains(targetGroupArn))) {
        out.add(l.loadBalancerArn);
      }
    }
    return out;
  }

  /** Whether any listener default action or rule forwards to the target group. */
  boolean isInUse(String targetGroupArn) {
    return !loadBalancersOf(targetGroupArn).isEmpty();
  }

  /** Target group ARNs an action forwards to (plain forward or weighted forwardConfig). */
  static List<String> forwardsTo(Action a) {
    if (!"forward".equals(a.typeAsString())) return List.of();
    if (a.forwardConfig() != null && a.forwardConfig().hasTargetGroups()) {
      return a.forwardConfig().targetGroups().stream().map(t -> t.targetGroupArn()).toList();
    }
    return a.targetGroupArn() == null ? List.of() : List.of(a.targetGroupArn());
  }
}
