package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.Alarm;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeleteScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DeregisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalableTargetsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScheduledActionsRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScheduledActionsResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScheduledActionRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScheduledActionResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;

/** The simulated Application Auto Scaling API for ECS services' desired count. */
public final class AutoScalingSimulator implements ApplicationAutoScalingClient {
  static final String DIMENSION = "ecs:service:DesiredCount";
  private final CallGate gate;
  private final RegionState rs;

  AutoScalingSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.AUTOSCALING, operation, body);
  }

  @Override
  public RegisterScalableTargetResponse registerScalableTarget(RegisterScalableTargetRequest r) {
    return call(
        "RegisterScalableTarget",
        () -> {
          checkEcs(r.serviceNamespaceAsString(), r.scalableDimensionAsString());
          ServiceModel service = AutoScalingTargets.service(rs, r.resourceId());
          if (service == null) throw validation("ECS service doesn't exist: " + r.resourceId());
          String key = AutoScalingModel.key("ecs", r.resourceId(), DIMENSION);
          ScalableTarget existing = rs.autoscaling.targets.get(key);
          if (existing == null && (r.minCapacity() == null || r.maxCapacity() == null)) {
            throw validation(
                "Minimum and maximum capacity are required when registering a new scalable target.");
          }
          ScalableTarget.Builder b =
              existing != null
                  ? existing.toBuilder()
                  : ScalableTarget.builder()
                      .serviceNamespace("ecs")
                      .resourceId(r.resourceId())
                      .scalableDimension(DIMENSION)
                      .creationTime(rs.now())
                      .roleARN(r.roleARN() != null ? r.roleARN() : serviceLinkedRole())
                      .scalableTargetARN(
                          "arn:aws:application-autoscaling:"
                              + rs.region
                              + ":"
                              + rs.account
                              + ":scalable-target/0ec5"
                              + rs.ids.hex(28));
          if (r.minCapacity() != null) b.minCapacity(r.minCapacity());
          if (r.maxCapacity() != null) b.maxCapacity(r.maxCapacity());
          if (r.suspendedState() != null) b.suspendedState(r.suspendedState());
          ScalableTarget target = b.build();
          if (target.minCapacity() < 0 || target.maxCapacity() < target.minCapacity()) {
            throw validation("Maximum capacity cannot be less than minimum capacity");
          }
          rs.autoscaling.targets.put(key, target);
          // Application Auto Scaling moves the current capacity into the new range straight away.
          AutoScalingTargets.clampInto(rs, service, target);
          return RegisterScalableTargetResponse.builder()
              .scalableTargetARN(target.scalableTargetARN())
              .build();
        });
  }

  @Override
  public DescribeScalableTargetsResponse describeScalableTargets(DescribeScalableTargetsRequest r) {
    return call(
        "DescribeScalableTargets",
        () -> {
          List<ScalableTarget> all =
              rs.autoscaling.targets.values().stream()
                  .filter(t -> t.serviceNamespaceAsString().equals(r.serviceNamespaceAsString()))
                  .filter(t -> !r.hasResourceIds() || r.resourceIds().contains(t.resourceId()))
                  .filter(
                      t ->
                          r.scalableDimension() == null
                              || t.scalableDimension() == r.scalableDimension())
                  .toList();
          var page =
              Pagination.page(
                  all, r.nextToken(), r.maxResults(), 50, 50, AutoScalingSimulator::validation);
          return DescribeScalableTargetsResponse.builder()
              .scalableTargets(page.items())
              .nextToken(page.nextToken())
              .build();
        });
  }

  @Override
  public DeregisterScalableTargetResponse deregisterScalableTarget(
      DeregisterScalableTargetRequest r) {
    return call(
        "DeregisterScalableTarget",
        () -> {
          String key =
              AutoScalingModel.key(
                  r.serviceNamespaceAsString(), r.resourceId(), r.scalableDimensionAsString());
          if (rs.autoscaling.targets.remove(key) == null) {
            throw notFound(
                "No scalable target registered for service namespace: "
                    + r.serviceNamespaceAsString()
                    + ", resource ID: "
                    + r.resourceId()
                    + ", scalable dimension: "
                    + r.scalableDimensionAsString());
          }
          rs.autoscaling.policies.keySet().removeIf(k -> k.startsWith(key + "|"));
          rs.autoscaling.scheduledActions.keySet().removeIf(k -> k.startsWith(key + "|"));
          return DeregisterScalableTargetResponse.builder().build();
        });
  }

  @Override
  public PutScalingPolicyResponse putScalingPolicy(PutScalingPolicyRequest r) {
    return call(
        "PutScalingPolicy",
        () -> {
          String key =
              AutoScalingModel.key(
                  r.serviceNamespaceAsString(), r.resourceId(), r.scalableDimensionAsString());
          if (!rs.autoscaling.targets.containsKey(key)) {
            throw notFound(
                "No scalable target registered for service namespace: "
                    + r.serviceNamespaceAsString()
                    + ", resource ID: "
                    + r.resourceId()
                    + ", scalable dimension: "
                    + r.scalableDimensionAsString());
          }
          boolean tracking =
              "TargetTrackingScaling".equals(r.policyTypeAsString()) || r.policyType() == null;
          if (tracking && r.targetTrackingScalingPolicyConfiguration() == null) {
            throw validation(
                "TargetTrackingScalingPolicyConfiguration is required for TargetTrackingScaling policies");
          }
          String policyKey =
              AutoScalingModel.policyKey("ecs", r.resourceId(), DIMENSION, r.policyName());
          ScalingPolicy existing = rs.autoscaling.policies.get(policyKey);
          String uuid = existing != null ? null : rs.ids.uuid();
          String arn =
              existing != null
                  ? existing.policyARN()
                  : "arn:aws:autoscaling:"
                      + rs.region
                      + ":"
                      + rs.account
                      + ":scalingPolicy:"
                      + uuid
                      + ":resource/ecs/"
                      + r.resourceId()
                      + ":policyName/"
                      + r.policyName();
          List<Alarm> alarms =
              existing != null
                  ? existing.alarms()
                  : tracking ? alarms(r.resourceId(), uuid) : List.of();
          ScalingPolicy policy =
              ScalingPolicy.builder()
                  .policyARN(arn)
                  .policyName(r.policyName())
                  .serviceNamespace("ecs")
                  .resourceId(r.resourceId())
                  .scalableDimension(DIMENSION)
                  .policyType(tracking ? "TargetTrackingScaling" : r.policyTypeAsString())
                  .targetTrackingScalingPolicyConfiguration(
                      r.targetTrackingScalingPolicyConfiguration())
                  .stepScalingPolicyConfiguration(r.stepScalingPolicyConfiguration())
                  .alarms(alarms)
                  .creationTime(existing != null ? existing.creationTime() : rs.now())
                  .build();
          rs.autoscaling.policies.put(policyKey, policy);
          return PutScalingPolicyResponse.builder().policyARN(arn).alarms(alarms).build();
        });
  }

  @Override
  public DescribeScalingPoliciesResponse describeScalingPolicies(DescribeScalingPoliciesRequest r) {
    return call(
        "DescribeScalingPolicies",
        () -> {
          List<ScalingPolicy> all =
              rs.autoscaling.policies.values().stream()
                  .filter(p -> p.serviceNamespaceAsString().equals(r.serviceNamespaceAsString()))
                  .filter(p -> r.resourceId() == null || p.resourceId().equals(r.resourceId()))
                  .filter(p -> !r.hasPolicyNames() || r.policyNames().contains(p.policyName()))
                  .toList();
          var page =
              Pagination.page(
                  all, r.nextToken(), r.maxResults(), 10, 10, AutoScalingSimulator::validation);
          return DescribeScalingPoliciesResponse.builder()
              .scalingPolicies(page.items())
              .nextToken(page.nextToken())
              .build();
        });
  }

  @Override
  public DeleteScalingPolicyResponse deleteScalingPolicy(DeleteScalingPolicyRequest r) {
    return call(
        "DeleteScalingPolicy",
        () -> {
          String key =
              AutoScalingModel.policyKey(
                  r.serviceNamespaceAsString(),
                  r.resourceId(),
                  r.scalableDimensionAsString(),
                  r.policyName());
          if (rs.autoscaling.policies.remove(key) == null) {
            throw notFound(
                "No scaling policy found for service namespace: "
                    + r.serviceNamespaceAsString()
                    + ", resource ID: "
                    + r.resourceId()
                    + ", scalable dimension: "
                    + r.scalableDimensionAsString()
                    + ", policy name: "
                    + r.policyName());
          }
          return DeleteScalingPolicyResponse.builder().build();
        });
  }

  @Override
  public PutScheduledActionResponse putScheduledAction(PutScheduledActionRequest r) {
    return call(
        "PutScheduledAction",
        () -> {
          checkEcs(r.serviceNamespaceAsString(), r.scalableDimensionAsString());
          String key =
              AutoScalingModel.key("ecs", r.resourceId(), DIMENSION)
                  + "|"
                  + r.scheduledActionName();
          if (!rs.autoscaling.targets.containsKey(
              AutoScalingModel.key("ecs", r.resourceId(), DIMENSION))) {
            throw notFound("No scalable target registered for resource ID: " + r.resourceId());
          }
          rs.autoscaling.scheduledActions.put(
              key,
              ScheduledAction.builder()
                  .scheduledActionName(r.scheduledActionName())
                  .scheduledActionARN(
                      "arn:aws:autoscaling:"
                          + rs.region
                          + ":"
                          + rs.account
                          + ":scheduledAction:"
                          + rs.ids.uuid()
                          + ":resource/ecs/"
                          + r.resourceId()
                          + ":scheduledActionName/"
                          + r.scheduledActionName())
                  .serviceNamespace("ecs")
                  .resourceId(r.resourceId())
                  .scalableDimension(DIMENSION)
                  .schedule(r.schedule())
                  .timezone(r.timezone())
                  .scalableTargetAction(r.scalableTargetAction())
                  .creationTime(rs.now())
                  .build());
          return PutScheduledActionResponse.builder().build();
        });
  }

  @Override
  public DescribeScheduledActionsResponse describeScheduledActions(
      DescribeScheduledActionsRequest r) {
    return call(
        "DescribeScheduledActions",
        () -> {
          List<ScheduledAction> all =
              rs.autoscaling.scheduledActions.values().stream()
                  .filter(a -> a.serviceNamespaceAsString().equals(r.serviceNamespaceAsString()))
                  .filter(a -> r.resourceId() == null || a.resourceId().equals(r.resourceId()))
                  .filter(
                      a ->
                          !r.hasScheduledActionNames()
                              || r.scheduledActionNames().contains(a.scheduledActionName()))
                  .toList();
          var page =
              Pagination.page(
                  all, r.nextToken(), r.maxResults(), 50, 50, AutoScalingSimulator::validation);
          return DescribeScheduledActionsResponse.builder()
              .scheduledActions(page.items())
              .nextToken(page.nextToken())
              .build();
        });
  }

  private List<Alarm> alarms(String resourceId, String uuid) {
    String prefix = "TargetTracking-" + resourceId + "-Alarm";
    return List.of(alarm(prefix + "High-" + uuid), alarm(prefix + "Low-" + rs.ids.uuid()));
  }

  private Alarm alarm(String name) {
    return Alarm.builder()
        .alarmName(name)
        .alarmARN("arn:aws:cloudwatch:" + rs.region + ":" + rs.account + ":alarm:" + name)
        .build();
  }

  private String serviceLinkedRole() {
    return "arn:aws:iam::"
        + rs.account
        + ":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
        + "AWSServiceRoleForApplicationAutoScaling_ECSService";
  }

  private static void checkEcs(String namespace, String dimension) {
    if (!"ecs".equals(namespace)) throw validation("Unsupported service namespace: " + namespace);
    if (!DIMENSION.equals(dimension))
      throw validation("Unsupported scalable dimension: " + dimension);
  }

  static RuntimeException validation(String message) {
    return AwsErrors.client(ValidationException.builder(), AwsErrors.AUTOSCALING, message);
  }

  private static RuntimeException notFound(String message) {
    return AwsErrors.client(ObjectNotFoundException.builder(), AwsErrors.AUTOSCALING, message);
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
