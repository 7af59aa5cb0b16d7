package dev.slipway.sandbox.sim;

import dev.slipway.sandbox.sim.ElbResources.ListenerModel;
import dev.slipway.sandbox.sim.ElbResources.RuleModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RulePriorityPair;

/** ELBv2 listener rules: priorities unique per listener, at most 100 besides the default rule. */
final class ElbRuleOps {
  static final int MAX_RULES = 100;
  private final RegionState rs;
  private final ElbLoadBalancerOps lbs;

  ElbRuleOps(RegionState rs, ElbLoadBalancerOps lbs) {
    this.rs = rs;
    this.lbs = lbs;
  }

  Rule create(CreateRuleRequest r) {
    ListenerModel l = lbs.requireListener(r.listenerArn());
    int priority = checkPriority(r.priority());
    RuleConditions.check(r.conditions());
    lbs.checkActions(r.actions());
    if (l.rules.values().stream().anyMatch(x -> x.priority == priority))
      throw ElbErrors.priorityInUse(priority);
    if (l.rules.size() >= MAX_RULES) throw ElbErrors.tooManyRules();
    String arn = l.arn.replace(":listener/", ":listener-rule/") + "/" + rs.ids.hex(16);
    RuleModel rule = new RuleModel(arn, l.arn);
    rule.priority = priority;
    rule.conditions = r.conditions();
    rule.actions = r.actions();
    rule.tags.addAll(r.tags());
    l.rules.put(arn, rule);
    rs.elb.rules.put(arn, rule);
    return view(rule);
  }

  List<Rule> describe(DescribeRulesRequest r) {
    if (r.hasRuleArns() && !r.ruleArns().isEmpty()) {
      List<Rule> out = new ArrayList<>();
      for (String arn : r.ruleArns()) {
        RuleModel rule = rs.elb.rules.get(arn);
        if (rule != null) {
          out.add(view(rule));
          continue;
        }
        ListenerModel owner =
            rs.elb.listeners.values().stream()
                .filter(l -> l.defaultRuleArn.equals(arn))
                .findFirst()
                .orElseThrow(ElbErrors::ruleNotFound);
        out.add(defaultRule(owner));
      }
      return out;
    }
    ListenerModel l = lbs.requireListener(r.listenerArn());
    List<Rule> out =
        new ArrayList<>(
            l.rules.values().stream()
                .sorted(Comparator.comparingInt((RuleModel x) -> x.priority))
                .map(ElbRuleOps::view)
                .toList());
    out.add(defaultRule(l));
    return out;
  }

  Rule modify(ModifyRuleRequest r) {
    RuleModel rule = require(r.ruleArn());
    if (r.hasConditions() && !r.conditions().isEmpty()) RuleConditions.check(r.conditions());
    if (r.hasActions() && !r.actions().isEmpty()) lbs.checkActions(r.actions());
    if (r.hasConditions() && !r.conditions().isEmpty()) rule.conditions = r.conditions();
    if (r.hasActions() && !r.actions().isEmpty()) {
      rule.actions = r.actions();
      guard(rule);
    }
    return view(rule);
  }

  /**
   * Counts a write of a rule's actions that races ECS: the rule is the production or test rule of a
   * service whose blue/green, canary or linear deployment is in progress.
   */
  private void guard(RuleModel rule) {
    rs.ecs
        .allServices()
        .map(ServiceModel::activeNativeDeployment)
        .filter(java.util.Objects::nonNull)
        .filter(sd -> sd.service.loadBalancers.stream().anyMatch(lb -> governs(lb, rule.arn)))
        .forEach(
            sd ->
                rs.traffic.foreignWrites.add(
                    new ForeignActionWrite(rule.arn, sd.service.arn, sd.arn, rs.now())));
  }

  private static boolean governs(
      software.amazon.awssdk.services.ecs.model.LoadBalancer lb, String rule) {
    var adv = lb.advancedConfiguration();
    return adv != null
        && (rule.equals(adv.productionListenerRule()) || rule.equals(adv.testListenerRule()));
  }

  void delete(String arn) {
    RuleModel rule = require(arn);
    rs.elb.rules.remove(arn);
    rs.elb.listeners.get(rule.listenerArn).rules.remove(arn);
  }

  /** Reorders rules all-or-nothing; the resulting priorities must stay unique per listener. */
  List<Rule> setPriorities(List<RulePriorityPair> pairs) {
    Map<RuleModel, Integer> wanted = new HashMap<>();
    for (RulePriorityPair p : pairs) wanted.put(require(p.ruleArn()), checkPriority(p.priority()));
    Map<String, Map<Integer, RuleModel>> byListener = new HashMap<>();
    for (RuleModel rule : rs.elb.rules.values()) {
      if (!wanted.containsKey(rule) && !affectsListener(wanted, rule.listenerArn)) continue;
      int priority = wanted.getOrDefault(rule, rule.priority);
      RuleModel clash =
          byListener.computeIfAbsent(rule.listenerArn, k -> new HashMap<>()).put(priority, rule);
      if (clash != null) throw ElbErrors.priorityInUse(priority);
    }
    wanted.forEach((rule, priority) -> rule.priority = priority);
    return wanted.keySet().stream().map(ElbRuleOps::view).toList();
  }

  private static boolean affectsListener(Map<RuleModel, Integer> wanted, String listenerArn) {
    return wanted.keySet().stream().anyMatch(r -> r.listenerArn.equals(listenerArn));
  }

  private RuleModel require(String arn) {
    RuleModel rule = arn == null ? null : rs.elb.rules.get(arn);
    if (rule != null) return rule;
    boolean isDefault =
        rs.elb.listeners.values().stream().anyMatch(l -> l.defaultRuleArn.equals(arn));
    if (isDefault)
      throw ElbErrors.notPermitted("Default rule cannot be modified this way; use ModifyListener");
    throw ElbErrors.ruleNotFound();
  }

  private static int checkPriority(Integer priority) {
    if (priority == null || priority < 1 || priority > 50000) {
      throw ElbErrors.validation("Priority must be between 1 and 50000");
    }
    return priority;
  }

  private static Rule defaultRule(ListenerModel l) {
    return Rule.builder()
        .ruleArn(l.defaultRuleArn)
        .priority("default")
        .isDefault(true)
        .conditions(List.of())
        .actions(l.defaultActions)
        .build();
  }

  static Rule view(RuleModel rule) {
    return Rule.builder()
        .ruleArn(rule.arn)
        .priority(String.valueOf(rule.priority))
        .isDefault(false)
        .conditions(rule.conditions)
        .actions(rule.actions)
        .build();
  }
}
