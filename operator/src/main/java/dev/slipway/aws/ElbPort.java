package dev.slipway.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The ELBv2 operations Slipway needs for routing, each routed through {@link AwsCalls} (rate
 * limits, retry, breaker, metrics). Reconcilers see this narrow port, never the raw SDK client.
 */
public final class ElbPort {
  private static final String SERVICE = "elasticloadbalancing";

  /** ELBv2 accepts at most 20 resource ARNs per DescribeTags call. */
  public static final int TAGS_BATCH = 20;

  /** Error codes that mean "already gone", which deletes and tag reads treat as success. */
  private static final Set<String> NOT_FOUND =
      Set.of("ListenerNotFound", "RuleNotFound", "TargetGroupNotFound", "LoadBalancerNotFound");

  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public ElbPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** What Slipway asks for when it creates a target group for a routed service. */
  public record TargetGroupSpec(String name, String vpcId, int port, String healthCheckPath) {}

  /** True when AWS answered that the resource does not exist (any ELBv2 resource kind). */
  public static boolean isNotFound(Throwable e) {
    // Set.of(..).contains(null) throws: a failure without an AWS error code (a connection reset
    // after retries, a crash) must surface as itself, not as a NullPointerException.
    String code = AwsErrors.errorCode(e);
    return code != null && NOT_FOUND.contains(code);
  }

  /** The DNS name of a load balancer. */
  public String dnsName(AwsTarget t, String loadBalancerArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "DescribeLoadBalancers",
            () -> elb.describeLoadBalancers(b -> b.loadBalancerArns(loadBalancerArn)))
        .loadBalancers()
        .get(0)
        .dnsName();
  }

  /** Whether the load balancer exists (a read; a missing one is not an error). */
  public boolean loadBalancerExists(AwsTarget t, String loadBalancerArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return exists(
        () ->
            calls
                .call(
                    t,
                    SERVICE,
                    "DescribeLoadBalancers",
                    () -> elb.describeLoadBalancers(b -> b.loadBalancerArns(loadBalancerArn)))
                .loadBalancers());
  }

  /** Whether the listener exists (a read; a missing one is not an error). */
  public boolean listenerExists(AwsTarget t, String listenerArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return exists(
        () ->
            calls
                .call(
                    t,
                    SERVICE,
                    "DescribeListeners",
                    () -> elb.describeListeners(b -> b.listenerArns(listenerArn)))
                .listeners());
  }

  /** A describe-by-ARN that answers "not found" with an error: any result means it exists. */
  private static boolean exists(Supplier<List<?>> describe) {
    try {
      return !describe.get().isEmpty();
    } catch (RuntimeException e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** All listeners of a load balancer, across pages. */
  public List<Listener> listeners(AwsTarget t, String loadBalancerArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    List<Listener> out = new ArrayList<>();
    String marker = null;
    do {
      String page = marker;
      DescribeListenersResponse r =
          calls.call(
              t,
              SERVICE,
              "DescribeListeners",
              () -> elb.describeListeners(b -> b.loadBalancerArn(loadBalancerArn).marker(page)));
      out.addAll(r.listeners());
      marker = r.nextMarker();
    } while (marker != null);
    return out;
  }

  /** Creates an HTTP listener forwarding to one target group, tagged in the same call. */
  public Listener createListener(
      AwsTarget t, String loadBalancerArn, int port, String targetGroupArn, List<Tag> tags) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "CreateListener",
            () ->
                elb.createListener(
                    b ->
                        b.loadBalancerArn(loadBalancerArn)
                            .protocol("HTTP")
                            .port(port)
                            .defaultActions(forward(targetGroupArn))
                            .tags(tags)))
        .listeners()
        .get(0);
  }

  /** Deletes a listener; one that is already gone counts as deleted. */
  public void deleteListener(AwsTarget t, String listenerArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    ignoreNotFound(
        () ->
            calls.call(
                t,
                SERVICE,
                "DeleteListener",
                () -> elb.deleteListener(b -> b.listenerArn(listenerArn))));
  }

  /** The listener's rules without its default rule, across pages. */
  public List<Rule> rules(AwsTarget t, String listenerArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    List<Rule> out = new ArrayList<>();
    String marker = null;
    do {
      String page = marker;
      DescribeRulesResponse r =
          calls.call(
              t,
              SERVICE,
              "DescribeRules",
              () -> elb.describeRules(b -> b.listenerArn(listenerArn).marker(page)));
      r.rules().stream().filter(rule -> !Boolean.TRUE.equals(rule.isDefault())).forEach(out::add);
      marker = r.nextMarker();
    } while (marker != null);
    return out;
  }

  /** Creates a rule forwarding requests for one host to a target group, tagged in the same call. */
  public Rule createHostRule(
      AwsTarget t,
      String listenerArn,
      int priority,
      String host,
      String targetGroupArn,
      List<Tag> tags) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    RuleCondition hostIs =
        RuleCondition.builder().field("host-header").hostHeaderConfig(h -> h.values(host)).build();
    return calls
        .call(
            t,
            SERVICE,
            "CreateRule",
            () ->
                elb.createRule(
                    b ->
                        b.listenerArn(listenerArn)
                            .priority(priority)
                            .conditions(hostIs)
                            .actions(forward(targetGroupArn))
                            .tags(tags)))
        .rules()
        .get(0);
  }

  /**
   * Creates a rule with any conditions and actions, tagged in the same call (so an owned-slot claim
   * never leaves an untagged rule behind).
   */
  public Rule createRule(
      AwsTarget t,
      String listenerArn,
      int priority,
      List<RuleCondition> conditions,
      List<Action> actions,
      List<Tag> tags) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "CreateRule",
            () ->
                elb.createRule(
                    b ->
                        b.listenerArn(listenerArn)
                            .priority(priority)
                            .conditions(conditions)
                            .actions(actions)
                            .tags(tags)))
        .rules()
        .get(0);
  }

  /**
   * Rewrites a rule's conditions only: its actions are left as they are, since during an ECS-native
   * deployment they belong to ECS.
   */
  public Rule modifyRuleConditions(AwsTarget t, String ruleArn, List<RuleCondition> conditions) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "ModifyRule",
            () -> elb.modifyRule(b -> b.ruleArn(ruleArn).conditions(conditions)))
        .rules()
        .get(0);
  }

  /** Rewrites a rule's actions only (a weighted step), in one call. */
  public Rule modifyRuleActions(AwsTarget t, String ruleArn, List<Action> actions) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "ModifyRule",
            () -> elb.modifyRule(b -> b.ruleArn(ruleArn).actions(actions)))
        .rules()
        .get(0);
  }

  /** The rule with this ARN as AWS has it now, if it exists. */
  public Optional<Rule> rule(AwsTarget t, String ruleArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    try {
      return calls
          .call(t, SERVICE, "DescribeRules", () -> elb.describeRules(b -> b.ruleArns(ruleArn)))
          .rules()
          .stream()
          .findFirst();
    } catch (RuntimeException e) {
      if (isNotFound(e)) return Optional.empty();
      throw e;
    }
  }

  /** The default actions of a listener (the rule that catches what no other rule matched). */
  public List<Action> defaultActions(AwsTarget t, String listenerArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "DescribeListeners",
            () -> elb.describeListeners(b -> b.listenerArns(listenerArn)))
        .listeners()
        .get(0)
        .defaultActions();
  }

  /** Target health of every target registered in a target group. */
  public List<TargetHealthDescription> targetHealth(AwsTarget t, String targetGroupArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "DescribeTargetHealth",
            () -> elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)))
        .targetHealthDescriptions();
  }

  /** Deletes a rule; one that is already gone counts as deleted. */
  public void deleteRule(AwsTarget t, String ruleArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    ignoreNotFound(
        () -> calls.call(t, SERVICE, "DeleteRule", () -> elb.deleteRule(b -> b.ruleArn(ruleArn))));
  }

  /** The target group with this name, if there is one. */
  public Optional<TargetGroup> targetGroupByName(AwsTarget t, String name) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    try {
      return calls
          .call(
              t,
              SERVICE,
              "DescribeTargetGroups",
              () -> elb.describeTargetGroups(b -> b.names(name)))
          .targetGroups()
          .stream()
          .findFirst();
    } catch (RuntimeException e) {
      if (isNotFound(e)) return Optional.empty();
      throw e;
    }
  }

  /** The target group with this ARN, if it exists. */
  public Optional<TargetGroup> targetGroup(AwsTarget t, String targetGroupArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    try {
      return calls
          .call(
              t,
              SERVICE,
              "DescribeTargetGroups",
              () -> elb.describeTargetGroups(b -> b.targetGroupArns(targetGroupArn)))
          .targetGroups()
          .stream()
          .findFirst();
    } catch (RuntimeException e) {
      if (isNotFound(e)) return Optional.empty();
      throw e;
    }
  }

  /**
   * Creates a target group named {@code name} that takes the same targets as {@code source}: its
   * protocol, port, VPC, target type and health check, tagged in the same call.
   */
  public TargetGroup copyTargetGroup(AwsTarget t, TargetGroup source, String name, List<Tag> tags) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "CreateTargetGroup",
            () ->
                elb.createTargetGroup(
                    b ->
                        b.name(name)
                            .protocol(source.protocol())
                            .protocolVersion(source.protocolVersion())
                            .port(source.port())
                            .vpcId(source.vpcId())
                            .targetType(source.targetType())
                            .healthCheckProtocol(source.healthCheckProtocol())
                            .healthCheckPort(source.healthCheckPort())
                            .healthCheckEnabled(source.healthCheckEnabled())
                            .healthCheckPath(source.healthCheckPath())
                            .healthCheckIntervalSeconds(source.healthCheckIntervalSeconds())
                            .healthCheckTimeoutSeconds(source.healthCheckTimeoutSeconds())
                            .healthyThresholdCount(source.healthyThresholdCount())
                            .unhealthyThresholdCount(source.unhealthyThresholdCount())
                            .matcher(source.matcher())
                            .tags(tags)))
        .targetGroups()
        .get(0);
  }

  /** Creates an HTTP target group of type ip; AWS returns the existing one for equal settings. */
  public TargetGroup createTargetGroup(AwsTarget t, TargetGroupSpec spec, List<Tag> tags) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    return calls
        .call(
            t,
            SERVICE,
            "CreateTargetGroup",
            () ->
                elb.createTargetGroup(
                    b ->
                        b.name(spec.name())
                            .protocol("HTTP")
                            .targetType("ip")
                            .vpcId(spec.vpcId())
                            .port(spec.port())
                            .healthCheckPath(spec.healthCheckPath())
                            .tags(tags)))
        .targetGroups()
        .get(0);
  }

  /** Deletes a target group; one that is already gone counts as deleted. */
  public void deleteTargetGroup(AwsTarget t, String targetGroupArn) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    ignoreNotFound(
        () ->
            calls.call(
                t,
                SERVICE,
                "DeleteTargetGroup",
                () -> elb.deleteTargetGroup(b -> b.targetGroupArn(targetGroupArn))));
  }

  public void addTags(AwsTarget t, List<String> arns, List<Tag> tags) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    calls.call(t, SERVICE, "AddTags", () -> elb.addTags(b -> b.resourceArns(arns).tags(tags)));
  }

  /**
   * Tags by resource ARN, in batches of {@link #TAGS_BATCH}. Resources deleted meanwhile are left
   * out rather than failing the whole read, since callers scan while others delete.
   */
  public Map<String, Map<String, String>> tags(AwsTarget t, List<String> arns) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (int i = 0; i < arns.size(); i += TAGS_BATCH) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + TAGS_BATCH));
      try {
        out.putAll(describeTags(t, batch));
      } catch (RuntimeException e) {
        if (!isNotFound(e)) throw e;
        for (String arn : batch) {
          try {
            out.putAll(describeTags(t, List.of(arn)));
          } catch (RuntimeException gone) {
            if (!isNotFound(gone)) throw gone;
          }
        }
      }
    }
    return out;
  }

  private Map<String, Map<String, String>> describeTags(AwsTarget t, List<String> arns) {
    ElasticLoadBalancingV2Client elb = clients.elb(t);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    calls
        .call(t, SERVICE, "DescribeTags", () -> elb.describeTags(b -> b.resourceArns(arns)))
        .tagDescriptions()
        .forEach(d -> out.put(d.resourceArn(), toMap(d.tags())));
    return out;
  }

  private static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(tag -> out.put(tag.key(), tag.value()));
    return out;
  }

  private static Action forward(String targetGroupArn) {
    return Action.builder().type("forward").targetGroupArn(targetGroupArn).build();
  }

  private static void ignoreNotFound(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
