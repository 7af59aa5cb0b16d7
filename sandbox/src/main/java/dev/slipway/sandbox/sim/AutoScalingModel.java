package dev.slipway.sandbox.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;

/** Application Auto Scaling state for one account and region. */
final class AutoScalingModel {
  final Map<String, ScalableTarget> targets = new LinkedHashMap<>();
  final Map<String, ScalingPolicy> policies = new LinkedHashMap<>();
  final Map<String, ScheduledAction> scheduledActions = new LinkedHashMap<>();

  static String key(String namespace, String resourceId, String dimension) {
    return namespace + "|" + resourceId + "|" + dimension;
  }

  static String policyKey(String namespace, String resourceId, String dimension, String name) {
    return key(namespace, resourceId, dimension) + "|" + name;
  }
}
