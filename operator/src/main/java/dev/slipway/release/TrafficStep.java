package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnedSlots;
import dev.slipway.aws.routing.OwnerTags;
import dev.slipway.aws.routing.Slot;
import dev.slipway.aws.routing.SlotRange;
import dev.slipway.aws.routing.SlotsExhaustedException;
import dev.slipway.release.progressive.EcsNativeDeployment;
import dev.slipway.release.progressive.TrafficArns;
import dev.slipway.release.progressive.TrafficRules;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Ensures the load balancer pieces of a progressive release before its service is written: the
 * second target group (a copy of the service's), the production rule and the optional test rule,
 * each created with owner tags, their priorities claimed from the shared owned-slot allocator.
 * Slipway writes the rules' conditions; their forward actions are written once, at creation (a copy
 * of what production forwards to now), and after that belong to ECS or to a weighted step. The
 * pieces are checked once per spec hash and trusted from status in between.
 */
final class TrafficStep {
  private final ElbPort elb;
  private final EventRecorder events;

  TrafficStep(ElbPort elb, EventRecorder events) {
    this.elb = elb;
    this.events = events;
  }

  /** Whether the release's strategy routes through Slipway's rules (anything but Rolling). */
  static boolean routed(StrategySpec s) {
    return s != null && s.type != null && s.type != StrategySpec.Type.Rolling;
  }

  /**
   * Empty when the pieces are in place ({@code ctx.traffic} set for ECS-native strategies); an
   * outcome when something keeps the release from deploying safely.
   */
  Optional<Outcome> ensureTraffic(ReleaseContext ctx) {
    StrategySpec strategy = ctx.resource.getSpec().strategy;
    if (!routed(strategy)) return Optional.empty();
    ProgressiveStatus known = ctx.status.progressive;
    if (known != null
        && ctx.plan.specHash().equals(known.specHash)
        && known.productionRuleArn != null
        && testRuleSettled(ctx, known)) {
      use(ctx, strategy, known);
      return Optional.empty();
    }
    try {
      return ensure(ctx, strategy);
    } catch (SlotsExhaustedException e) {
      return Optional.of(
          Outcome.failed(
              "NoRulePriority",
              "cannot create the listener rules: "
                  + e.getMessage()
                  + "; widen strategy.traffic.priorities or free rules on the listener",
              Duration.ofMinutes(5)));
    }
  }

  /** A test rule the spec no longer asks for is still to be deleted. */
  private static boolean testRuleSettled(ReleaseContext ctx, ProgressiveStatus known) {
    return known.testRuleArn == null || ctx.resource.getSpec().strategy.traffic.preview != null;
  }

  private Optional<Outcome> ensure(ReleaseContext ctx, StrategySpec strategy) {
    StrategySpec.Traffic traffic = strategy.traffic;
    AwsTarget t = ctx.plan.target();
    String primary = primaryTargetGroup(ctx);
    Optional<TargetGroup> source = elb.targetGroup(t, primary);
    if (source.isEmpty()) {
      return Optional.of(
          Outcome.failed(
              "TargetGroupNotFound",
              "target group " + primary + " of service.loadBalancers does not exist",
              Duration.ofMinutes(1)));
    }
    String altName = TrafficRules.alternateTargetGroupName(traffic, ctx.serviceName());
    AwsOwner altOwner = owner(ctx, "alternate");
    Optional<TargetGroup> existing = elb.targetGroupByName(t, altName);
    String alternate;
    if (existing.isPresent()) {
      String arn = existing.get().targetGroupArn();
      Map<String, String> tags = elb.tags(t, List.of(arn)).getOrDefault(arn, Map.of());
      if (!OwnerTags.ownedBy(tags, altOwner)) {
        return Optional.of(
            Outcome.failed(
                "Conflict",
                "target group "
                    + altName
                    + " exists and was not created by this ServiceRelease; name another with "
                    + "strategy.traffic.alternateTargetGroupName"));
      }
      alternate = arn;
    } else {
      alternate =
          elb.copyTargetGroup(t, source.get(), altName, OwnerTags.of(altOwner)).targetGroupArn();
      events.normal(
          ctx.resource,
          "TargetGroupCreated",
          "Created target group "
              + altName
              + " as the second target group of "
              + shortName(primary));
    }
    String listener = traffic.listenerArn;
    String testListener = traffic.testListenerArn == null ? listener : traffic.testListenerArn;
    boolean wantsTest = traffic.preview != null;
    // A test rule on the production listener, and a Weighted release's header routes, must be
    // evaluated first: the production rule takes the upper half of the range. Also without a
    // preview today, so that one added later does not land behind production (rules stay where
    // they were claimed).
    boolean shares = testListener.equals(listener) || strategy.type == StrategySpec.Type.Weighted;
    SlotRange range = TrafficRules.priorities(traffic);
    OwnedSlots slots = OwnedSlots.rulePriorities(elb, t);
    AwsOwner productionOwner = owner(ctx, "production");
    Action initial = startingForward(ctx, slots, listener, productionOwner, primary, alternate);
    List<RuleCondition> productionConditions = TrafficRules.production(traffic);
    Slot production =
        slots
            .claim(
                listener,
                TrafficRules.productionRange(range, shares),
                productionOwner,
                1,
                (n, tags) ->
                    elb.createRule(t, listener, n, productionConditions, List.of(initial), tags))
            .get(0);
    keepConditions(ctx, production.arn(), productionConditions);
    String test = null;
    AwsOwner testOwner = owner(ctx, "test");
    Set<String> ours = new HashSet<>(Set.of(production.arn()));
    if (wantsTest) {
      List<RuleCondition> previewConditions = TrafficRules.preview(traffic);
      // The test rule forwards like production until ECS shifts test traffic to the new revision.
      Action same = currentForward(t, production.arn()).orElse(initial);
      Slot testSlot =
          slots
              .claim(
                  testListener,
                  TrafficRules.testRange(range, shares),
                  testOwner,
                  1,
                  (n, tags) ->
                      elb.createRule(t, testListener, n, previewConditions, List.of(same), tags))
              .get(0);
      keepConditions(ctx, testSlot.arn(), previewConditions);
      test = testSlot.arn();
      ours.add(test);
    } else {
      // Deleted before the service update that drops it: left in place, its forward action would
      // keep pointing at a target group the next deployment empties. Its requests now fall through
      // to the production rule.
      slots.release(testListener, testOwner);
    }
    // A Weighted release's header routes are its own too (left by a rollout this spec supersedes).
    slots.find(listener, owner(ctx, WeightedTraffic.HEADER_ROLE)).forEach(h -> ours.add(h.arn()));
    Optional<Outcome> conflict =
        conflicts(ctx, listener, ours, Set.of(primary, alternate), production);
    if (conflict.isPresent()) return conflict;
    ProgressiveStatus record =
        ctx.status.progressive == null ? new ProgressiveStatus() : ctx.status.progressive;
    record.strategy = strategy.type.name();
    record.specHash = ctx.plan.specHash();
    record.alternateTargetGroupArn = alternate;
    record.productionRuleArn = production.arn();
    record.testRuleArn = test;
    ctx.status.progressive = record;
    use(ctx, strategy, record);
    return Optional.empty();
  }

  /** Hands the pieces to the service step (ECS-native strategies only). */
  private static void use(ReleaseContext ctx, StrategySpec strategy, ProgressiveStatus known) {
    if (!EcsNativeDeployment.isNative(strategy)) return;
    ctx.traffic =
        new TrafficArns(known.alternateTargetGroupArn, known.productionRuleArn, known.testRuleArn);
  }

  /**
   * What a new rule forwards to at first: what the production rule forwards to now, if there is one
   * (after a deployment ECS may have swapped the target groups), else all to the service's target
   * group and none to the second (which ECS needs associated with the listener).
   */
  private Action startingForward(
      ReleaseContext ctx,
      OwnedSlots slots,
      String listener,
      AwsOwner productionOwner,
      String primary,
      String alternate) {
    List<Slot> held = slots.find(listener, productionOwner);
    if (!held.isEmpty()) {
      Optional<Action> now = currentForward(ctx.plan.target(), held.get(0).arn());
      if (now.isPresent()) return now.get();
    }
    return TrafficRules.forward(primary, 100, alternate, 0);
  }

  private Optional<Action> currentForward(AwsTarget t, String ruleArn) {
    return elb.rule(t, ruleArn).flatMap(r -> r.actions().stream().findFirst());
  }

  /** Rewrites a rule's conditions when they differ from the spec's; its actions stay. */
  private void keepConditions(ReleaseContext ctx, String ruleArn, List<RuleCondition> want) {
    Optional<Rule> have = elb.rule(ctx.plan.target(), ruleArn);
    if (have.isEmpty() || TrafficRules.sameConditions(have.get().conditions(), want)) return;
    elb.modifyRuleConditions(ctx.plan.target(), ruleArn, want);
    events.normal(
        ctx.resource,
        "RuleUpdated",
        "Updated the conditions of listener rule " + shortName(ruleArn));
  }

  /**
   * Refuses to deploy while a rule Slipway does not own sends requests to the release's target
   * groups where traffic would not follow the deployment: those requests would reach a target group
   * that is about to be emptied.
   */
  private Optional<Outcome> conflicts(
      ReleaseContext ctx,
      String listener,
      Set<String> ours,
      Set<String> targetGroups,
      Slot production) {
    boolean catchesAll = TrafficRules.catchesAll(ctx.resource.getSpec().strategy.traffic);
    List<Rule> foreign =
        TrafficRules.conflicting(
            elb.rules(ctx.plan.target(), listener),
            ours,
            targetGroups,
            production.number(),
            catchesAll);
    if (foreign.isEmpty()) return Optional.empty();
    String which =
        foreign.stream()
            .map(r -> "priority " + r.priority() + " (" + shortName(r.ruleArn()) + ")")
            .collect(Collectors.joining(", "));
    return Optional.of(
        Outcome.failed(
            "TrafficConflict",
            "listener rules not managed by this release forward to its target groups: "
                + which
                + "; traffic they match would not follow a deployment and could reach an emptied "
                + "target group. Remove them, or let Slipway's production rule serve that traffic",
            Duration.ofMinutes(2)));
  }

  /** The owner of one piece: the release's key with the piece's role, and the release's uid. */
  static AwsOwner owner(ReleaseContext ctx, String role) {
    return new AwsOwner(
        ctx.namespace() + "/" + ctx.name() + "/" + role, ctx.resource.getMetadata().getUid());
  }

  private static String primaryTargetGroup(ReleaseContext ctx) {
    return ctx.resource.getSpec().service.loadBalancers.get(0).targetGroupArn;
  }

  private static String shortName(String arn) {
    return Objects.requireNonNullElse(arn, "-").substring(arn.indexOf('/') + 1);
  }
}
