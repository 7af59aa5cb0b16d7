package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;

/** How DescribeServiceDeployments and ListServiceDeployments show a service deployment. */
final class ServiceDeploymentView {
  private ServiceDeploymentView() {}

  static ServiceDeployment toSdk(ServiceDeploymentModel sd) {
    List<ServiceRevisionSummary> sources = new ArrayList<>();
    if (sd.source != null) {
      sources.add(summary(sd.source, 100 - sd.productionWeight, 100 - sd.testWeight, sd));
    }
    sd.leftovers.forEach(r -> sources.add(summary(r, 0, 0, sd)));
    ServiceDeployment.Builder b =
        ServiceDeployment.builder()
            .serviceDeploymentArn(sd.arn)
            .serviceArn(sd.service.arn)
            .clusterArn(sd.service.clusterArn)
            .createdAt(sd.createdAt)
            .startedAt(sd.startedAt)
            .finishedAt(sd.finishedAt)
            .stoppedAt(sd.stoppedAt)
            .updatedAt(sd.updatedAt)
            .sourceServiceRevisions(sources)
            .targetServiceRevision(summary(sd.target, sd.productionWeight, sd.testWeight, sd))
            .status(sd.status)
            .statusReason(sd.statusReason)
            .deploymentConfiguration(sd.config)
            .deploymentCircuitBreaker(breaker(sd))
            .alarms(alarms(sd));
    if (sd.isNative()) {
      b.lifecycleStage(sd.stage)
          .lifecycleHookDetails(sd.hooks.stream().map(HookRun::toSdk).toList());
    }
    if (sd.rollbackStartedAt != null && sd.status.startsWith("ROLLBACK")) {
      b.rollback(
          r ->
              r.reason(sd.rollbackReason)
                  .startedAt(sd.rollbackStartedAt)
                  .serviceRevisionArn(sd.source == null ? null : sd.source.arn));
    }
    return b.build();
  }

  static ServiceDeploymentBrief brief(ServiceDeploymentModel sd) {
    return ServiceDeploymentBrief.builder()
        .serviceDeploymentArn(sd.arn)
        .serviceArn(sd.service.arn)
        .clusterArn(sd.service.clusterArn)
        .createdAt(sd.createdAt)
        .startedAt(sd.startedAt)
        .finishedAt(sd.finishedAt)
        .targetServiceRevisionArn(sd.target.arn)
        .status(sd.status)
        .statusReason(sd.statusReason)
        .build();
  }

  private static ServiceRevisionSummary summary(
      ServiceRevisionModel r, double production, double test, ServiceDeploymentModel sd) {
    DeploymentModel d = r.deployment;
    var b =
        ServiceRevisionSummary.builder()
            .arn(r.arn)
            .requestedTaskCount(d.active().size())
            .runningTaskCount((int) d.tasks.stream().filter(TaskModel::isRunning).count())
            .pendingTaskCount((int) d.tasks.stream().filter(TaskModel::isPending).count());
    if (sd.isNative())
      b.requestedProductionTrafficWeight(production).requestedTestTrafficWeight(test);
    return b.build();
  }

  private static software.amazon.awssdk.services.ecs.model.ServiceDeploymentCircuitBreaker breaker(
      ServiceDeploymentModel sd) {
    var cb = sd.config.deploymentCircuitBreaker();
    boolean on = cb != null && Boolean.TRUE.equals(cb.enable());
    int threshold = ServiceScheduler.breakerThreshold(sd.service.desiredCount);
    int failures = sd.green().failedTasks;
    String status;
    if (!on) status = "DISABLED";
    else if (failures >= threshold) status = "TRIGGERED";
    else status = sd.isActive() ? "MONITORING" : "MONITORING_COMPLETE";
    return software.amazon.awssdk.services.ecs.model.ServiceDeploymentCircuitBreaker.builder()
        .status(status)
        .failureCount(failures)
        .threshold(threshold)
        .build();
  }

  private static software.amazon.awssdk.services.ecs.model.ServiceDeploymentAlarms alarms(
      ServiceDeploymentModel sd) {
    var a = sd.config.alarms();
    String status;
    if (!sd.watchesAlarms()) status = "DISABLED";
    else if (!sd.triggeredAlarms.isEmpty()) status = "TRIGGERED";
    else status = sd.isActive() ? "MONITORING" : "MONITORING_COMPLETE";
    return software.amazon.awssdk.services.ecs.model.ServiceDeploymentAlarms.builder()
        .status(status)
        .alarmNames(a == null ? List.of() : a.alarmNames())
        .triggeredAlarmNames(List.copyOf(sd.triggeredAlarms))
        .build();
  }
}
