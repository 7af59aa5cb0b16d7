package dev.slipway.aws;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.SuspendedState;

/** Application Auto Scaling for ECS services: one scalable target and one CPU tracking policy. */
public final class AutoScalingPort {
  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public AutoScalingPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  public static String resourceId(String cluster, String service) {
    return "service/" + cluster + "/" + service;
  }

  public Optional<ScalableTarget> describe(AwsTarget t, String resourceId) {
    ApplicationAutoScalingClient aas = clients.autoscaling(t);
    return calls
        .call(
            t,
            "application-autoscaling",
            "DescribeScalableTargets",
            () ->
                aas.describeScalableTargets(
                    b -> b.serviceNamespace(ServiceNamespace.ECS).resourceIds(resourceId)))
        .scalableTargets()
        .stream()
        .findFirst();
  }

  /** The scalable target for an ECS service's desired count. */
  public static RegisterScalableTargetRequest registerRequest(String resourceId, int min, int max) {
    return RegisterScalableTargetRequest.builder()
        .serviceNamespace(ServiceNamespace.ECS)
        .resourceId(resourceId)
        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
        .minCapacity(min)
        .maxCapacity(max)
        .build();
  }

  /** Slipway's one target-tracking policy on the service's average CPU. */
  public static PutScalingPolicyRequest cpuPolicyRequest(
      String resourceId, double targetCpu, Integer scaleIn, Integer scaleOut) {
    return PutScalingPolicyRequest.builder()
        .policyName("slipway-cpu")
        .serviceNamespace(ServiceNamespace.ECS)
        .resourceId(resourceId)
        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
        .policyType(PolicyType.TARGET_TRACKING_SCALING)
        .targetTrackingScalingPolicyConfiguration(
            c ->
                c.targetValue(targetCpu)
                    .predefinedMetricSpecification(
                        m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))
                    .scaleInCooldown(scaleIn)
                    .scaleOutCooldown(scaleOut))
        .build();
  }

  public void register(AwsTarget t, String resourceId, int min, int max) {
    ApplicationAutoScalingClient aas = clients.autoscaling(t);
    RegisterScalableTargetRequest request = registerRequest(resourceId, min, max);
    calls.call(
        t,
        "application-autoscaling",
        "RegisterScalableTarget",
        () -> aas.registerScalableTarget(request));
  }

  /**
   * Registers min/max and the suspended state together (sleep and wake change both in one call, so
   * there is no moment in which the scaler may act on the new range).
   */
  public void register(AwsTarget t, String resourceId, int min, int max, SuspendedState suspended) {
    ApplicationAutoScalingClient aas = clients.autoscaling(t);
    RegisterScalableTargetRequest request =
        registerRequest(resourceId, min, max).toBuilder().suspendedState(suspended).build();
    calls.call(
        t,
        "application-autoscaling",
        "RegisterScalableTarget",
        () -> aas.registerScalableTarget(request));
  }

  /** Names of the scheduled actions on a scalable target (DescribeScheduledActions). */
  public List<String> scheduledActions(AwsTarget t, String resourceId) {
    ApplicationAutoScalingClient aas = clients.autoscaling(t);
    return calls
        .call(
            t,
            "application-autoscaling",
            "DescribeScheduledActions",
            () ->
                aas.describeScheduledActions(
                    b ->
                        b.serviceNamespace(ServiceNamespace.ECS)
                            .resourceId(resourceId)
                            .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)))
        .scheduledActions()
        .stream()
        .map(a -> a.scheduledActionName())
        .toList();
  }

  public void putCpuPolicy(
      AwsTarget t, String resourceId, double targetCpu, Integer scaleIn, Integer scaleOut) {
    ApplicationAutoScalingClient aas = clients.autoscaling(t);
    PutScalingPolicyRequest request = cpuPolicyRequest(resourceId, targetCpu, scaleIn, scaleOut);
    calls.call(
        t, "application-autoscaling", "PutScalingPolicy", () -> aas.putScalingPolicy(request));
  }

  public void deregister(AwsTarget t, String resourceId) {
    ApplicationAutoScalingClient aas = clients.autoscaling(t);
    calls.call(
        t,
        "application-autoscaling",
        "DeregisterScalableTarget",
        () ->
            aas.deregisterScalableTarget(
                b ->
                    b.serviceNamespace(ServiceNamespace.ECS)
                        .resourceId(resourceId)
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)));
  }
}
