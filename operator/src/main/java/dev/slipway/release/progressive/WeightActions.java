package dev.slipway.release.progressive;

import dev.slipway.api.v1alpha1.StrategySpec.HeaderRoute;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * The listener actions and conditions a Weighted release writes, built purely: the production
 * rule's forward split between the stable and the canary target group, and a header route's rule;
 * and the weights read back from a rule as AWS describes it.
 */
public final class WeightActions {
  private WeightActions() {}

  /** A split of production traffic in percent, as written to (and read from) the rule. */
  public record Weights(int stable, int canary) {
    /** The split Slipway writes for a canary weight: stable gets the rest of 100. */
    public static Weights canary(int canaryWeight) {
      return new Weights(100 - canaryWeight, canaryWeight);
    }

    @Override
    public String toString() {
      return "stable " + stable + " / canary " + canary;
    }
  }

  /** The production rule's forward: stable {@code 100 - canaryWeight}, canary the rest. */
  public static Action forward(String stableTg, String canaryTg, int canaryWeight) {
    return TrafficRules.forward(stableTg, 100 - canaryWeight, canaryTg, canaryWeight);
  }

  /** A header route's action: everything to the canary target group. */
  public static Action toCanary(String canaryTg) {
    return Action.builder()
        .type("forward")
        .forwardConfig(
            f ->
                f.targetGroups(
                    TargetGroupTuple.builder().targetGroupArn(canaryTg).weight(1).build()))
        .build();
  }

  /** A header route's condition: the header has exactly this value. */
  public static RuleCondition condition(HeaderRoute route) {
    return RuleCondition.builder()
        .field("http-header")
        .httpHeaderConfig(h -> h.httpHeaderName(route.name).values(route.value))
        .build();
  }

  /**
   * The stable and canary weights a rule forwards with, if its only action is a forward to these
   * two target groups (either may be left out, meaning weight 0). Anything else — another target
   * group, another action type, no forward config — is not a split Slipway wrote: empty.
   */
  public static Optional<Weights> observed(Rule rule, String stableTg, String canaryTg) {
    List<Action> actions = rule.actions();
    if (actions.size() != 1 || !"forward".equals(actions.get(0).typeAsString())) {
      return Optional.empty();
    }
    Action a = actions.get(0);
    if (a.forwardConfig() == null || !a.forwardConfig().hasTargetGroups()) {
      if (stableTg.equals(a.targetGroupArn())) return Optional.of(new Weights(100, 0));
      if (canaryTg.equals(a.targetGroupArn())) return Optional.of(new Weights(0, 100));
      return Optional.empty();
    }
    int stable = 0;
    int canary = 0;
    for (TargetGroupTuple t : a.forwardConfig().targetGroups()) {
      int w = t.weight() == null ? 1 : t.weight();
      if (stableTg.equals(t.targetGroupArn())) stable = w;
      else if (canaryTg.equals(t.targetGroupArn())) canary = w;
      else return Optional.empty();
    }
    return Optional.of(new Weights(stable, canary));
  }
}
