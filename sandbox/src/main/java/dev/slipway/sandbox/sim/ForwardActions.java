package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * ELBv2 listener actions as an Application Load Balancer checks and reads them: one terminal action
 * (forward, fixed-response or redirect) performed last, and forwards to up to five target groups
 * with weights from 0 to 999.
 */
final class ForwardActions {
  static final int MAX_ACTIONS = 5;
  static final int MAX_TARGET_GROUPS = 5;
  static final int MAX_WEIGHT = 999;
  private static final Set<String> TERMINAL = Set.of("forward", "fixed-response", "redirect");

  /** A target group of a forward action and its weight (1 when the action names one group). */
  record WeightedTarget(String targetGroupArn, int weight) {}

  private ForwardActions() {}

  /** Rejects what ELBv2 rejects, with its error types, before anything is stored. */
  static void check(List<Action> actions, ElbModel elb) {
    if (actions == null || actions.isEmpty())
      throw ElbErrors.validation("At least one action must be specified");
    if (actions.size() > MAX_ACTIONS) throw ElbErrors.tooManyActions();
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      String type = a.typeAsString();
      if (!TERMINAL.contains(type)) {
        throw ElbErrors.validation("Action type '" + type + "' is not supported by the simulator");
      }
      if (type.equals("forward")) checkForward(a, i + 1, elb);
    }
    if (actions.size() > 1) {
      throw ElbErrors.validation(
          "A rule can have only one of the following actions: forward, fixed-response, redirect");
    }
  }

  private static void checkForward(Action a, int index, ElbModel elb) {
    boolean hasConfig = a.forwardConfig() != null && a.forwardConfig().hasTargetGroups();
    if (!hasConfig && a.targetGroupArn() == null) {
      throw ElbErrors.validation("A target group ARN must be specified for forward actions");
    }
    if (hasConfig) {
      List<TargetGroupTuple> groups = a.forwardConfig().targetGroups();
      if (groups.isEmpty()) {
        throw ElbErrors.validation("A forward action must specify at least one target group");
      }
      if (groups.size() > MAX_TARGET_GROUPS) throw ElbErrors.tooManyTargetGroupsInAction();
      Set<String> seen = new HashSet<>();
      for (int j = 0; j < groups.size(); j++) {
        TargetGroupTuple g = groups.get(j);
        if (!seen.add(g.targetGroupArn())) {
          throw ElbErrors.validation("Target group '" + g.targetGroupArn() + "' is duplicated");
        }
        if (g.weight() != null && (g.weight() < 0 || g.weight() > MAX_WEIGHT)) {
          throw ElbErrors.validation(
              "1 validation error detected: Value '"
                  + g.weight()
                  + "' at 'actions."
                  + index
                  + ".member.forwardConfig.targetGroups."
                  + (j + 1)
                  + ".member.weight' failed to satisfy constraint: Member must have value "
                  + (g.weight() < 0 ? "greater than or equal to 0" : "less than or equal to 999"));
        }
      }
      boolean single =
          groups.size() == 1 && groups.get(0).targetGroupArn().equals(a.targetGroupArn());
      if (a.targetGroupArn() != null && !single) {
        throw ElbErrors.validation(
            "You cannot specify a target group ARN and a forward config with other target groups");
      }
    }
    for (String tg : ElbModel.forwardsTo(a)) {
      if (elb.targetGroup(tg) == null) throw ElbErrors.targetGroupNotFound();
    }
  }

  /** The action performed last (highest order), which decides where a request goes. */
  static Action terminal(List<Action> actions) {
    return actions.stream()
        .max(Comparator.comparingInt((Action a) -> a.order() == null ? 0 : a.order()))
        .orElse(null);
  }

  /** Where a forward action sends requests, with weights; empty for other action types. */
  static List<WeightedTarget> targets(Action a) {
    List<WeightedTarget> out = new ArrayList<>();
    if (a == null || !"forward".equals(a.typeAsString())) return out;
    if (a.forwardConfig() != null && a.forwardConfig().hasTargetGroups()) {
      for (TargetGroupTuple g : a.forwardConfig().targetGroups()) {
        out.add(new WeightedTarget(g.targetGroupArn(), g.weight() == null ? 1 : g.weight()));
      }
    } else if (a.targetGroupArn() != null) {
      out.add(new WeightedTarget(a.targetGroupArn(), 1));
    }
    return out;
  }
}
