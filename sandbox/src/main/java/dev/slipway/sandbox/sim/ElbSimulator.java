package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AddTagsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AddTagsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteRuleResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeleteTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RemoveTagsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RemoveTagsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SetRulePrioritiesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SetRulePrioritiesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/** The simulated ELBv2 API for one caller account and region. */
public final class ElbSimulator implements ElasticLoadBalancingV2Client {
  private static final int MAX_PAGE = 400;
  private final CallGate gate;
  private final RegionState rs;
  private final ElbLoadBalancerOps lbs;
  private final ElbTargetGroupOps tgs;
  private final ElbRuleOps rules;
  private final ElbTagOps tags;

  ElbSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
    this.lbs = new ElbLoadBalancerOps(rs);
    this.tgs = new ElbTargetGroupOps(rs);
    this.rules = new ElbRuleOps(rs, lbs);
    this.tags = new ElbTagOps(rs);
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.ELB, operation, body);
  }

  private static <T> Pagination.Page<T> page(List<T> all, String marker, Integer pageSize) {
    return Pagination.page(all, marker, pageSize, MAX_PAGE, MAX_PAGE, ElbErrors::validation);
  }

  @Override
  public CreateLoadBalancerResponse createLoadBalancer(CreateLoadBalancerRequest r) {
    return call(
        "CreateLoadBalancer",
        () -> CreateLoadBalancerResponse.builder().loadBalancers(lbs.create(r)).build());
  }

  @Override
  public DescribeLoadBalancersResponse describeLoadBalancers(DescribeLoadBalancersRequest r) {
    return call(
        "DescribeLoadBalancers",
        () -> {
          var p = page(lbs.describe(r), r.marker(), r.pageSize());
          return DescribeLoadBalancersResponse.builder()
              .loadBalancers(p.items())
              .nextMarker(p.nextToken())
              .build();
        });
  }

  @Override
  public DeleteLoadBalancerResponse deleteLoadBalancer(DeleteLoadBalancerRequest r) {
    return call(
        "DeleteLoadBalancer",
        () -> {
          lbs.delete(r.loadBalancerArn());
          return DeleteLoadBalancerResponse.builder().build();
        });
  }

  @Override
  public CreateTargetGroupResponse createTargetGroup(CreateTargetGroupRequest r) {
    return call(
        "CreateTargetGroup",
        () -> CreateTargetGroupResponse.builder().targetGroups(tgs.create(r)).build());
  }

  @Override
  public DescribeTargetGroupsResponse describeTargetGroups(DescribeTargetGroupsRequest r) {
    return call(
        "DescribeTargetGroups",
        () -> {
          var p = page(tgs.describe(r), r.marker(), r.pageSize());
          return DescribeTargetGroupsResponse.builder()
              .targetGroups(p.items())
              .nextMarker(p.nextToken())
              .build();
        });
  }

  @Override
  public DeleteTargetGroupResponse deleteTargetGroup(DeleteTargetGroupRequest r) {
    return call(
        "DeleteTargetGroup",
        () -> {
          tgs.delete(r.targetGroupArn());
          return DeleteTargetGroupResponse.builder().build();
        });
  }

  @Override
  public ModifyTargetGroupAttributesResponse modifyTargetGroupAttributes(
      ModifyTargetGroupAttributesRequest r) {
    return call(
        "ModifyTargetGroupAttributes",
        () ->
            ModifyTargetGroupAttributesResponse.builder()
                .attributes(tgs.modifyAttributes(r.targetGroupArn(), r.attributes()))
                .build());
  }

  @Override
  public DescribeTargetGroupAttributesResponse describeTargetGroupAttributes(
      DescribeTargetGroupAttributesRequest r) {
    return call(
        "DescribeTargetGroupAttributes",
        () ->
            DescribeTargetGroupAttributesResponse.builder()
                .attributes(tgs.attributes(r.targetGroupArn()))
                .build());
  }

  @Override
  public RegisterTargetsResponse registerTargets(RegisterTargetsRequest r) {
    return call(
        "RegisterTargets",
        () -> {
          tgs.register(r.targetGroupArn(), r.targets());
          return RegisterTargetsResponse.builder().build();
        });
  }

  @Override
  public DeregisterTargetsResponse deregisterTargets(DeregisterTargetsRequest r) {
    return call(
        "DeregisterTargets",
        () -> {
          tgs.deregister(r.targetGroupArn(), r.targets());
          return DeregisterTargetsResponse.builder().build();
        });
  }

  @Override
  public DescribeTargetHealthResponse describeTargetHealth(DescribeTargetHealthRequest r) {
    return call(
        "DescribeTargetHealth",
        () ->
            DescribeTargetHealthResponse.builder().targetHealthDescriptions(tgs.health(r)).build());
  }

  @Override
  public CreateListenerResponse createListener(CreateListenerRequest r) {
    return call(
        "CreateListener",
        () -> CreateListenerResponse.builder().listeners(lbs.createListener(r)).build());
  }

  @Override
  public DescribeListenersResponse describeListeners(DescribeListenersRequest r) {
    return call(
        "DescribeListeners",
        () -> {
          var p = page(lbs.describeListeners(r), r.marker(), r.pageSize());
          return DescribeListenersResponse.builder()
              .listeners(p.items())
              .nextMarker(p.nextToken())
              .build();
        });
  }

  @Override
  public ModifyListenerResponse modifyListener(ModifyListenerRequest r) {
    return call(
        "ModifyListener",
        () -> ModifyListenerResponse.builder().listeners(lbs.modifyListener(r)).build());
  }

  @Override
  public DeleteListenerResponse deleteListener(DeleteListenerRequest r) {
    return call(
        "DeleteListener",
        () -> {
          lbs.deleteListener(r.listenerArn());
          return DeleteListenerResponse.builder().build();
        });
  }

  @Override
  public CreateRuleResponse createRule(CreateRuleRequest r) {
    return call("CreateRule", () -> CreateRuleResponse.builder().rules(rules.create(r)).build());
  }

  @Override
  public DescribeRulesResponse describeRules(DescribeRulesRequest r) {
    return call(
        "DescribeRules",
        () -> {
          var p = page(rules.describe(r), r.marker(), r.pageSize());
          return DescribeRulesResponse.builder().rules(p.items()).nextMarker(p.nextToken()).build();
        });
  }

  @Override
  public ModifyRuleResponse modifyRule(ModifyRuleRequest r) {
    return call("ModifyRule", () -> ModifyRuleResponse.builder().rules(rules.modify(r)).build());
  }

  @Override
  public DeleteRuleResponse deleteRule(DeleteRuleRequest r) {
    return call(
        "DeleteRule",
        () -> {
          rules.delete(r.ruleArn());
          return DeleteRuleResponse.builder().build();
        });
  }

  @Override
  public SetRulePrioritiesResponse setRulePriorities(SetRulePrioritiesRequest r) {
    return call(
        "SetRulePriorities",
        () ->
            SetRulePrioritiesResponse.builder()
                .rules(rules.setPriorities(r.rulePriorities()))
                .build());
  }

  @Override
  public AddTagsResponse addTags(AddTagsRequest r) {
    return call(
        "AddTags",
        () -> {
          tags.add(r.resourceArns(), r.tags());
          return AddTagsResponse.builder().build();
        });
  }

  @Override
  public RemoveTagsResponse removeTags(RemoveTagsRequest r) {
    return call(
        "RemoveTags",
        () -> {
          tags.remove(r.resourceArns(), r.tagKeys());
          return RemoveTagsResponse.builder().build();
        });
  }

  @Override
  public DescribeTagsResponse describeTags(DescribeTagsRequest r) {
    return call(
        "DescribeTags",
        () ->
            DescribeTagsResponse.builder()
                .tagDescriptions(
                    r.resourceArns().stream()
                        .map(
                            arn ->
                                TagDescription.builder()
                                    .resourceArn(arn)
                                    .tags(List.copyOf(tags.tagsOf(arn)))
                                    .build())
                        .toList())
                .build());
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Views on simulator state hold nothing to release.
  }
}
