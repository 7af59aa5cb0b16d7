package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** The mutable ELBv2 resources the simulator keeps per account and region. */
final class ElbResources {
  private ElbResources() {}

  /** An application or network load balancer. */
  static final class LoadBalancerModel {
    final String arn;
    final String name;
    final String dnsName;
    final String type;
    final String scheme;
    final String vpcId;
    final Instant createdAt;
    final List<String> subnets;
    final List<String> securityGroups;
    final Map<String, ListenerModel> listeners = new LinkedHashMap<>();
    final List<Tag> tags = new ArrayList<>();

    LoadBalancerModel(
        String arn,
        String name,
        String dnsName,
        String type,
        String scheme,
        String vpcId,
        Instant createdAt,
        List<String> subnets,
        List<String> securityGroups) {
      this.arn = arn;
      this.name = name;
      this.dnsName = dnsName;
      this.type = type;
      this.scheme = scheme;
      this.vpcId = vpcId;
      this.createdAt = createdAt;
      this.subnets = subnets;
      this.securityGroups = securityGroups;
    }
  }

  /** A target group: its settings as the SDK describes them, attributes and registered targets. */
  static final class TargetGroupModel {
    TargetGroup description;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final Map<String, TargetModel> targets = new LinkedHashMap<>();
    final List<Tag> tags = new ArrayList<>();

    TargetGroupModel(TargetGroup description) {
      this.description = description;
    }

    String arn() {
      return description.targetGroupArn();
    }

    String name() {
      return description.targetGroupName();
    }
  }

  /** One registered target and its health as DescribeTargetHealth reports it. */
  static final class TargetModel {
    final String id;
    final Integer port;
    String state;
    String reason;
    String description;
    // The revision the target's task runs (set when ECS registered it), for traffic counts.
    String taskDefinitionArn;

    TargetModel(String id, Integer port, String state, String reason, String description) {
      this.id = id;
      this.port = port;
      this.state = state;
      this.reason = reason;
      this.description = description;
    }

    static String key(String id, Integer port) {
      return id + ":" + port;
    }
  }

  /** A listener: port, protocol, default actions and its (non-default) rules. */
  static final class ListenerModel {
    final String arn;
    final String loadBalancerArn;
    final String defaultRuleArn;
    Integer port;
    String protocol;
    String sslPolicy;
    List<Certificate> certificates = List.of();
    List<Action> defaultActions = List.of();
    final Map<String, RuleModel> rules = new LinkedHashMap<>();
    final List<Tag> tags = new ArrayList<>();

    ListenerModel(String arn, String loadBalancerArn, String defaultRuleArn) {
      this.arn = arn;
      this.loadBalancerArn = loadBalancerArn;
      this.defaultRuleArn = defaultRuleArn;
    }
  }

  /** A listener rule with a numeric priority. */
  static final class RuleModel {
    final String arn;
    final String listenerArn;
    int priority;
    List<RuleCondition> conditions = List.of();
    List<Action> actions = List.of();
    final List<Tag> tags = new ArrayList<>();

    RuleModel(String arn, String listenerArn) {
      this.arn = arn;
      this.listenerArn = listenerArn;
    }
  }
}
