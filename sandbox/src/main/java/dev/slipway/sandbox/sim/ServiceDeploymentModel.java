package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;

/**
 * One ECS service deployment (the ListServiceDeployments resource): from a source revision to a
 * target revision, with its status and, for blue/green, canary and linear, its lifecycle stage,
 * traffic weights, hooks and rollback.
 */
final class ServiceDeploymentModel {
  static final Set<String> NATIVE = Set.of("BLUE_GREEN", "CANARY", "LINEAR");
  private static final Set<String> ACTIVE =
      Set.of(
          "PENDING", "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "STOP_REQUESTED");

  /** Where a blue/green deployment is inside its current lifecycle stage. */
  enum Step {
    PRE_HOOKS,
    ACTION,
    HOOKS,
    NEXT
  }

  final String arn;
  final ServiceModel service;
  final String strategy;
  final DeploymentConfiguration config;
  final Instant createdAt;
  final ServiceRevisionModel source;
  final ServiceRevisionModel target;
  // Revisions other than source and target still running when this deployment began.
  final List<ServiceRevisionModel> leftovers = new ArrayList<>();
  final List<HookRun> hooks = new ArrayList<>();
  final Set<String> triggeredAlarms = new LinkedHashSet<>();
  String status = "PENDING";
  String statusReason;
  Instant startedAt;
  Instant finishedAt;
  Instant stoppedAt;
  Instant updatedAt;
  // Blue/green progress.
  String stage;
  Step step = Step.ACTION;
  Instant waitUntil;
  boolean actionStarted;
  double productionWeight;
  double testWeight;
  // Rollback (or a stop without rollback): why, when, and whether traffic has moved back yet.
  String rollbackReason;
  Instant rollbackStartedAt;
  boolean trafficRestored;
  // Rolling deployments roll back with a deployment of their own.
  DeploymentModel rollbackDeployment;

  ServiceDeploymentModel(
      String arn,
      ServiceModel service,
      String strategy,
      DeploymentConfiguration config,
      ServiceRevisionModel source,
      ServiceRevisionModel target,
      Instant createdAt) {
    this.arn = arn;
    this.service = service;
    this.strategy = strategy;
    this.config = config;
    this.source = source;
    this.target = target;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  boolean isNative() {
    return NATIVE.contains(strategy);
  }

  boolean isActive() {
    return ACTIVE.contains(status);
  }

  boolean isRollingBack() {
    return status.startsWith("ROLLBACK_") || status.equals("STOP_REQUESTED");
  }

  DeploymentModel green() {
    return target.deployment;
  }

  DeploymentModel blue() {
    return source == null ? null : source.deployment;
  }

  void status(String s, String reason, Instant at) {
    status = s;
    if (reason != null) statusReason = reason;
    updatedAt = at;
  }

  int bakeMinutes() {
    return config.bakeTimeInMinutes() == null ? 0 : config.bakeTimeInMinutes();
  }

  boolean watchesAlarms() {
    var a = config.alarms();
    return a != null && Boolean.TRUE.equals(a.enable()) && a.hasAlarmNames();
  }
}
