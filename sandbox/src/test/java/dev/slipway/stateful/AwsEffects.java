package dev.slipway.stateful;

import software.amazon.awssdk.services.ecs.model.CreateServiceResponse;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteTaskDefinitionsRequest;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TagResourceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;

/**
 * Reads a successful AWS call for what it did to the resources the invariants care about (target
 * groups, listeners, rules, ECS services, task definition revisions) and writes that to the ledger.
 */
final class AwsEffects {
  private AwsEffects() {}

  static void record(CallLedger ledger, String call, Object request, Object response) {
    if (!isReadOnly(call)) ledger.mutated();
    created(ledger, response);
    destroyed(ledger, call, request);
    modified(ledger, call, request);
  }

  /** Describe, list and get calls change nothing. */
  static boolean isReadOnly(String call) {
    return call.startsWith("describe") || call.startsWith("list") || call.startsWith("get");
  }

  private static void created(CallLedger ledger, Object response) {
    if (response instanceof CreateTargetGroupResponse r && r.hasTargetGroups()) {
      r.targetGroups().forEach(tg -> ledger.created(ResourceKeys.targetGroup(tg.targetGroupArn())));
    } else if (response instanceof CreateListenerResponse r && r.hasListeners()) {
      r.listeners().forEach(l -> ledger.created(ResourceKeys.listener(l.listenerArn())));
    } else if (response instanceof CreateRuleResponse r && r.hasRules()) {
      r.rules().forEach(rule -> ledger.created(ResourceKeys.rule(rule.ruleArn())));
    } else if (response instanceof CreateServiceResponse r && r.service() != null) {
      ledger.created(ResourceKeys.service(r.service().clusterArn(), r.service().serviceName()));
    } else if (response instanceof RegisterTaskDefinitionResponse r && r.taskDefinition() != null) {
      ledger.created(ResourceKeys.taskDefinition(r.taskDefinition().taskDefinitionArn()));
    }
  }

  private static void destroyed(CallLedger ledger, String call, Object request) {
    if (request instanceof DeleteTargetGroupRequest r) {
      ledger.destroyed(ResourceKeys.targetGroup(r.targetGroupArn()), call);
    } else if (request instanceof DeleteListenerRequest r) {
      ledger.destroyed(ResourceKeys.listener(r.listenerArn()), call);
    } else if (request instanceof DeleteRuleRequest r) {
      ledger.destroyed(ResourceKeys.rule(r.ruleArn()), call);
    } else if (request instanceof DeleteServiceRequest r) {
      ledger.destroyed(ResourceKeys.service(r.cluster(), r.service()), call);
    } else if (request instanceof DeregisterTaskDefinitionRequest r) {
      ledger.destroyed(ResourceKeys.taskDefinition(r.taskDefinition()), call);
    } else if (request instanceof DeleteTaskDefinitionsRequest r && r.hasTaskDefinitions()) {
      r.taskDefinitions().forEach(td -> ledger.destroyed(ResourceKeys.taskDefinition(td), call));
    }
  }

  private static void modified(CallLedger ledger, String call, Object request) {
    if (request instanceof UpdateServiceRequest r) {
      ledger.modified(ResourceKeys.service(r.cluster(), r.service()), call);
    } else if (request instanceof ModifyListenerRequest r) {
      ledger.modified(ResourceKeys.listener(r.listenerArn()), call);
    } else if (request instanceof ModifyRuleRequest r) {
      ledger.modified(ResourceKeys.rule(r.ruleArn()), call);
    } else if (request instanceof ModifyTargetGroupRequest r) {
      ledger.modified(ResourceKeys.targetGroup(r.targetGroupArn()), call);
    } else if (request instanceof TagResourceRequest r && r.resourceArn().contains(":service/")) {
      ledger.modified(serviceOf(r.resourceArn()), call);
    }
  }

  /** {@code arn:aws:ecs:<region>:<account>:service/<cluster>/<name>}. */
  private static String serviceOf(String arn) {
    String[] parts = arn.substring(arn.indexOf(":service/") + ":service/".length()).split("/");
    return parts.length == 2
        ? ResourceKeys.service(parts[0], parts[1])
        : ResourceKeys.service("default", parts[0]);
  }
}
