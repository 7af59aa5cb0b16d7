package dev.slipway.release.progressive;

import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.StrategySpec.RuleConditions;
import dev.slipway.aws.routing.SlotRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * The listener rules of a progressive release, rendered purely from its strategy: their conditions,
 * their priority ranges, the forward action they start with, the name of the second target group,
 * and which foreign rules would keep traffic from following a deployment.
 */
public final class TrafficRules {
  /** Priorities claimed when the strategy does not say: high, so hand-made rules come first. */
  public static final SlotRange DEFAULT_PRIORITIES = new SlotRange(40_000, 49_999);

  /** ELBv2 allows target group names of at most 32 characters. */
  static final int NAME_LIMIT = 32;

  private TrafficRules() {}

  /** The production rule's conditions: the strategy's, or every path. */
  public static List<RuleCondition> production(StrategySpec.Traffic traffic) {
    List<RuleCondition> conditions = conditions(traffic.production);
    return conditions.isEmpty() ? List.of(pathPattern(List.of("/*"))) : conditions;
  }

  /** The test rule's conditions (empty when the strategy asks for no test rule). */
  public static List<RuleCondition> preview(StrategySpec.Traffic traffic) {
    return conditions(traffic.preview);
  }

  /** Whether the production rule matches every request, so nothing behind it is reached. */
  public static boolean catchesAll(StrategySpec.Traffic traffic) {
    return conditions(traffic.production).isEmpty()
        || (traffic.production.paths != null
            && traffic.production.paths.contains("/*")
            && traffic.production.sourceIps == null
            && traffic.production.header == null
            && traffic.production.hosts == null);
  }

  /** ALB conditions for {@code c}, in a fixed order so that comparing them is meaningful. */
  public static List<RuleCondition> conditions(RuleConditions c) {
    List<RuleCondition> out = new ArrayList<>();
    if (c == null) return out;
    if (c.sourceIps != null && !c.sourceIps.isEmpty()) {
      out.add(
          RuleCondition.builder()
              .field("source-ip")
              .sourceIpConfig(s -> s.values(c.sourceIps))
              .build());
    }
    if (c.header != null) {
      out.add(
          RuleCondition.builder()
              .field("http-header")
              .httpHeaderConfig(h -> h.httpHeaderName(c.header.name).values(c.header.values))
              .build());
    }
    if (c.hosts != null && !c.hosts.isEmpty()) {
      out.add(
          RuleCondition.builder()
              .field("host-header")
              .hostHeaderConfig(h -> h.values(c.hosts))
              .build());
    }
    if (c.paths != null && !c.paths.isEmpty()) out.add(pathPattern(c.paths));
    return out;
  }

  private static RuleCondition pathPattern(List<String> paths) {
    return RuleCondition.builder()
        .field("path-pattern")
        .pathPatternConfig(p -> p.values(paths))
        .build();
  }

  /**
   * Whether a rule's conditions say what {@code want} says: compared by field and values, since AWS
   * answers with both the legacy {@code values} and the typed config filled in.
   */
  public static boolean sameConditions(List<RuleCondition> have, List<RuleCondition> want) {
    return Objects.equals(keys(have), keys(want));
  }

  private static Set<String> keys(List<RuleCondition> conditions) {
    return conditions.stream().map(TrafficRules::key).collect(java.util.stream.Collectors.toSet());
  }

  private static String key(RuleCondition c) {
    String field = c.field();
    List<String> values =
        switch (field) {
          case "source-ip" -> c.sourceIpConfig() == null ? c.values() : c.sourceIpConfig().values();
          case "host-header" ->
              c.hostHeaderConfig() == null ? c.values() : c.hostHeaderConfig().values();
          case "path-pattern" ->
              c.pathPatternConfig() == null ? c.values() : c.pathPatternConfig().values();
          case "http-header" ->
              c.httpHeaderConfig() == null
                  ? c.values()
                  : Stream.concat(
                          Stream.of(
                              c.httpHeaderConfig().httpHeaderName().toLowerCase(Locale.ROOT) + ":"),
                          c.httpHeaderConfig().values().stream())
                      .toList();
          default -> c.values();
        };
    return field + "=" + (values == null ? List.of() : values.stream().sorted().toList());
  }

  /**
   * The priorities each rule may take. A test rule on the production listener must be evaluated
   * first, so it takes the lower half of the range and the production rule the upper half; on a
   * listener of its own each takes the whole range.
   */
  public static SlotRange productionRange(SlotRange range, boolean testShares) {
    return testShares ? new SlotRange(range.from() + range.size() / 2, range.to()) : range;
  }

  public static SlotRange testRange(SlotRange range, boolean testShares) {
    return testShares ? new SlotRange(range.from(), range.from() + range.size() / 2 - 1) : range;
  }

  /** The strategy's priority range, or the default. */
  public static SlotRange priorities(StrategySpec.Traffic traffic) {
    return traffic.priorities == null
        ? DEFAULT_PRIORITIES
        : new SlotRange(traffic.priorities.from, traffic.priorities.to);
  }

  /** A forward to two target groups with the given weights. */
  public static Action forward(String first, int firstWeight, String second, int secondWeight) {
    return Action.builder()
        .type("forward")
        .forwardConfig(
            f ->
                f.targetGroups(
                    TargetGroupTuple.builder().targetGroupArn(first).weight(firstWeight).build(),
                    TargetGroupTuple.builder().targetGroupArn(second).weight(secondWeight).build()))
        .build();
  }

  /** The second target group's name: the strategy's, or the service's shortened, with -alt. */
  public static String alternateTargetGroupName(StrategySpec.Traffic traffic, String service) {
    if (traffic.alternateTargetGroupName != null) return traffic.alternateTargetGroupName;
    String base = service.replaceAll("[^A-Za-z0-9-]", "-");
    base = base.substring(0, Math.min(base.length(), NAME_LIMIT - 4)).replaceAll("-+$", "");
    return base + "-alt";
  }

  /**
   * The target groups a forward action sends requests to (with any weight), whether written as a
   * plain target group or a forward config.
   */
  public static Set<String> forwardsTo(Collection<Action> actions) {
    Set<String> out = new java.util.HashSet<>();
    for (Action a : actions) {
      if (!"forward".equals(a.typeAsString())) continue;
      if (a.targetGroupArn() != null) out.add(a.targetGroupArn());
      if (a.forwardConfig() != null) {
        a.forwardConfig().targetGroups().forEach(t -> out.add(t.targetGroupArn()));
      }
    }
    return out;
  }

  /**
   * Rules not Slipway's that send requests to the release's target groups where traffic would not
   * follow a deployment: any ahead of the production rule, and any behind it unless the production
   * rule catches every request. ECS (or a weighted step) only moves Slipway's rules, so such a rule
   * would keep sending requests to a target group that is about to be emptied.
   */
  public static List<Rule> conflicting(
      List<Rule> rules,
      Set<String> ours,
      Set<String> targetGroups,
      int productionPriority,
      boolean catchesAll) {
    return rules.stream()
        .filter(r -> !ours.contains(r.ruleArn()))
        .filter(r -> !Boolean.TRUE.equals(r.isDefault()))
        .filter(r -> forwardsTo(r.actions()).stream().anyMatch(targetGroups::contains))
        .filter(r -> Integer.parseInt(r.priority()) < productionPriority || !catchesAll)
        .toList();
  }
}
