package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.api.v1alpha1.StrategySpec.HeaderRoute;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnedSlots;
import dev.slipway.aws.routing.Slot;
import dev.slipway.release.progressive.ReadBack.Health;
import dev.slipway.release.progressive.TrafficRules;
import dev.slipway.release.progressive.WeightActions;
import dev.slipway.release.progressive.WeightActions.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/**
 * The load balancer side of a Weighted release: reads and writes the production rule's split
 * between the stable and the canary target group (actions only, one ModifyRule per move), reads a
 * target group's health, and claims or releases the header-route rules through the owned-slot
 * allocator (owner role {@code header}, ahead of the production rule).
 */
final class WeightedTraffic {
  static final String HEADER_ROLE = "header";

  private final ElbPort elb;

  WeightedTraffic(ElbPort elb) {
    this.elb = elb;
  }

  /** The production rule's weights as AWS has them now; empty when it is not a split of ours. */
  Optional<Weights> weights(ReleaseContext ctx, ProgressiveStatus p) {
    return elb.rule(ctx.plan.target(), p.productionRuleArn)
        .flatMap(r -> WeightActions.observed(r, stableTargetGroup(ctx), p.alternateTargetGroupArn));
  }

  /** One ModifyRule of the production rule's actions, then status records what was written. */
  void write(ReleaseContext ctx, ProgressiveStatus p, int canaryWeight) {
    elb.modifyRuleActions(
        ctx.plan.target(),
        p.productionRuleArn,
        List.of(
            WeightActions.forward(
                stableTargetGroup(ctx), p.alternateTargetGroupArn, canaryWeight)));
    p.canaryWeight = canaryWeight;
  }

  Health health(ReleaseContext ctx, String targetGroupArn) {
    return Health.of(elb.targetHealth(ctx.plan.target(), targetGroupArn));
  }

  /**
   * Holds one rule per header route, each forwarding everything to the canary target group, with
   * priorities from the lower half of the range so they are evaluated before the production rule.
   * The allocator hands slots back interchangeably, so each rule's condition is then checked and
   * set to a route no other rule carries.
   */
  List<String> ensureHeaderRoutes(
      ReleaseContext ctx, ProgressiveStatus p, List<HeaderRoute> routes) {
    AwsTarget t = ctx.plan.target();
    String listener = listener(ctx);
    OwnedSlots slots = OwnedSlots.rulePriorities(elb, t);
    AwsOwner owner = TrafficStep.owner(ctx, HEADER_ROLE);
    List<RuleCondition> wanted = routes.stream().map(WeightActions::condition).toList();
    List<RuleCondition> missing = missing(t, slots.find(listener, owner), wanted);
    RuleCondition first = missing.isEmpty() ? wanted.get(wanted.size() - 1) : missing.get(0);
    List<Slot> held =
        slots.claim(
            listener,
            TrafficRules.testRange(
                TrafficRules.priorities(ctx.resource.getSpec().strategy.traffic), true),
            owner,
            routes.size(),
            (n, tags) ->
                elb.createRule(
                    t,
                    listener,
                    n,
                    List.of(first),
                    List.of(WeightActions.toCanary(p.alternateTargetGroupArn)),
                    tags));
    List<RuleCondition> unclaimed = new ArrayList<>(missing(t, held, wanted));
    for (Slot slot : held) {
      Optional<Rule> rule = elb.rule(t, slot.arn());
      boolean carriesOne =
          rule.isPresent()
              && wanted.stream()
                  .anyMatch(w -> TrafficRules.sameConditions(rule.get().conditions(), List.of(w)));
      if (!carriesOne && !unclaimed.isEmpty()) {
        elb.modifyRuleConditions(t, slot.arn(), List.of(unclaimed.remove(0)));
      }
    }
    p.headerRuleArns = held.stream().map(Slot::arn).toList();
    return p.headerRuleArns;
  }

  /** The wanted conditions no held rule carries yet. */
  private List<RuleCondition> missing(AwsTarget t, List<Slot> held, List<RuleCondition> wanted) {
    List<List<RuleCondition>> have =
        held.stream()
            .map(s -> elb.rule(t, s.arn()).map(Rule::conditions).orElse(List.of()))
            .toList();
    return wanted.stream()
        .filter(w -> have.stream().noneMatch(h -> TrafficRules.sameConditions(h, List.of(w))))
        .toList();
  }

  /** Deletes every header-route rule this release holds (proven by tags); none is fine. */
  void releaseHeaderRoutes(ReleaseContext ctx, ProgressiveStatus p) {
    OwnedSlots.rulePriorities(elb, ctx.plan.target())
        .release(listener(ctx), TrafficStep.owner(ctx, HEADER_ROLE));
    p.headerRuleArns = null;
  }

  static String stableTargetGroup(ReleaseContext ctx) {
    return ctx.resource.getSpec().service.loadBalancers.get(0).targetGroupArn;
  }

  private static String listener(ReleaseContext ctx) {
    return ctx.resource.getSpec().strategy.traffic.listenerArn;
  }
}
