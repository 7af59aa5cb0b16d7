package dev.slipway.sandbox.sim;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.OperationNotPermittedException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyActionsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyListenersException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyRulesException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyTagsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyTargetGroupsException;

/** The ELBv2 errors the simulator raises; ELBv2 error codes carry no "Exception" suffix. */
final class ElbErrors {
  private ElbErrors() {}

  static AwsServiceException validation(String message) {
    return AwsErrors.build(
        ElasticLoadBalancingV2Exception.builder(), AwsErrors.ELB, "ValidationError", message, 400);
  }

  static AwsServiceException loadBalancerNotFound() {
    return of(LoadBalancerNotFoundException.builder(), "One or more load balancers not found");
  }

  static AwsServiceException targetGroupNotFound() {
    return of(TargetGroupNotFoundException.builder(), "One or more target groups not found");
  }

  static AwsServiceException listenerNotFound() {
    return of(ListenerNotFoundException.builder(), "One or more listeners not found");
  }

  static AwsServiceException ruleNotFound() {
    return of(RuleNotFoundException.builder(), "One or more rules not found");
  }

  static AwsServiceException duplicateTargetGroupName() {
    return of(
        DuplicateTargetGroupNameException.builder(), "A target group with the same name exists.");
  }

  static AwsServiceException duplicateListener() {
    return of(
        DuplicateListenerException.builder(),
        "A listener already exists on this port for this load balancer");
  }

  static AwsServiceException tooManyListeners() {
    return of(
        TooManyListenersException.builder(),
        "You've reached the limit on the number of listeners per load balancer");
  }

  static AwsServiceException priorityInUse(int priority) {
    return of(PriorityInUseException.builder(), "Priority '" + priority + "' is currently in use");
  }

  static AwsServiceException tooManyRules() {
    return of(
        TooManyRulesException.builder(),
        "You've reached the limit on the number of rules per listener");
  }

  static AwsServiceException tooManyActions() {
    return of(
        TooManyActionsException.builder(),
        "You've reached the limit on the number of actions per rule");
  }

  static AwsServiceException tooManyTargetGroupsInAction() {
    return of(
        TooManyTargetGroupsException.builder(),
        "You've reached the limit on the number of target groups per forward action");
  }

  static AwsServiceException resourceInUse(String arn) {
    return of(
        ResourceInUseException.builder(),
        "Target group '" + arn + "' is currently in use by a listener or a rule");
  }

  static AwsServiceException notPermitted(String message) {
    return of(OperationNotPermittedException.builder(), message);
  }

  static AwsServiceException invalidTarget(String message) {
    return of(InvalidTargetException.builder(), message);
  }

  static AwsServiceException tooManyTags() {
    return of(
        TooManyTagsException.builder(),
        "You've reached the limit on the number of tags per resource");
  }

  private static AwsServiceException of(AwsServiceException.Builder b, String message) {
    return AwsErrors.client(b, AwsErrors.ELB, message);
  }
}
