package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.ContinueServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.ContinueServiceDeploymentResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentResponse;

/**
 * ECS service deployment operations: ListServiceDeployments, DescribeServiceDeployments,
 * DescribeServiceRevisions, StopServiceDeployment and ContinueServiceDeployment.
 */
final class ServiceDeploymentOps {
  private static final int MAX_DESCRIBE = 20;
  private final RegionState rs;
  private final ServiceOps services;

  ServiceDeploymentOps(RegionState rs, ServiceOps services) {
    this.rs = rs;
    this.services = services;
  }

  ListServiceDeploymentsResponse list(ListServiceDeploymentsRequest r) {
    String cluster = services.existingCluster(r.cluster());
    if (r.service() == null) throw EcsErrors.invalidParameter("service must be specified.");
    ServiceModel s = rs.ecs.servicesIn(cluster).get(EcsArns.name(r.service()));
    if (s == null) throw EcsErrors.serviceNotFound();
    var created = r.createdAt();
    List<ServiceDeploymentModel> all =
        s.serviceDeployments.stream()
            .filter(sd -> !r.hasStatus() || r.statusAsStrings().contains(sd.status))
            .filter(
                sd ->
                    created == null
                        || created.after() == null
                        || !sd.createdAt.isBefore(created.after()))
            .filter(
                sd ->
                    created == null
                        || created.before() == null
                        || !sd.createdAt.isAfter(created.before()))
            .sorted(Comparator.comparing((ServiceDeploymentModel sd) -> sd.createdAt).reversed())
            .toList();
    var page =
        Pagination.page(all, r.nextToken(), r.maxResults(), 20, 100, EcsErrors::invalidParameter);
    return ListServiceDeploymentsResponse.builder()
        .serviceDeployments(page.items().stream().map(ServiceDeploymentView::brief).toList())
        .nextToken(page.nextToken())
        .build();
  }

  DescribeServiceDeploymentsResponse describe(DescribeServiceDeploymentsRequest r) {
    if (!r.hasServiceDeploymentArns() || r.serviceDeploymentArns().isEmpty()) {
      throw EcsErrors.invalidParameter("serviceDeploymentArns must be specified.");
    }
    if (r.serviceDeploymentArns().size() > MAX_DESCRIBE) {
      throw EcsErrors.invalidParameter("serviceDeploymentArns can have at most 20 items.");
    }
    List<ServiceDeployment> found = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String arn : r.serviceDeploymentArns()) {
      ServiceDeploymentModel sd = rs.ecs.serviceDeployments.get(arn);
      if (sd != null) found.add(ServiceDeploymentView.toSdk(sd));
      else failures.add(Failure.builder().arn(arn).reason("MISSING").build());
    }
    return DescribeServiceDeploymentsResponse.builder()
        .serviceDeployments(found)
        .failures(failures)
        .build();
  }

  DescribeServiceRevisionsResponse describeRevisions(DescribeServiceRevisionsRequest r) {
    if (!r.hasServiceRevisionArns() || r.serviceRevisionArns().isEmpty()) {
      throw EcsErrors.invalidParameter("serviceRevisionArns must be specified.");
    }
    if (r.serviceRevisionArns().size() > MAX_DESCRIBE) {
      throw EcsErrors.invalidParameter("serviceRevisionArns can have at most 20 items.");
    }
    List<ServiceRevision> found = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String arn : r.serviceRevisionArns()) {
      ServiceRevisionModel rev = rs.ecs.serviceRevisions.get(arn);
      if (rev != null) found.add(rev.toSdk(rs.ecs));
      else failures.add(Failure.builder().arn(arn).reason("MISSING").build());
    }
    return DescribeServiceRevisionsResponse.builder()
        .serviceRevisions(found)
        .failures(failures)
        .build();
  }

  /** Only ROLLBACK is a stop type ECS accepts; a finished deployment cannot be stopped. */
  StopServiceDeploymentResponse stop(StopServiceDeploymentRequest r) {
    ServiceDeploymentModel sd = require(r.serviceDeploymentArn());
    if (r.stopType() != null && !"ROLLBACK".equals(r.stopTypeAsString())) {
      throw EcsErrors.invalidParameter(
          "Invalid stopType " + r.stopTypeAsString() + ": the valid value is ROLLBACK.");
    }
    if (!sd.isActive()) {
      throw EcsErrors.conflict(
          "The service deployment " + sd.arn + " is " + sd.status + " and cannot be stopped.");
    }
    if (sd.isRollingBack())
      return StopServiceDeploymentResponse.builder().serviceDeploymentArn(sd.arn).build();
    String reason = "Service deployment rolled back because of a StopServiceDeployment request.";
    ServiceModel s = sd.service;
    if (sd.isNative()) {
      if (sd.status.equals("PENDING")) sd.status("IN_PROGRESS", null, rs.now());
      rs.scheduler.nativeDeployments.rollback.request(s, sd, reason, true, rs.now());
    } else if (!rs.scheduler.rollBack(s, sd.green(), reason, rs.now())) {
      sd.status(
          "ROLLBACK_FAILED", reason + " No earlier service revision to roll back to.", rs.now());
      sd.finishedAt = rs.now();
    }
    return StopServiceDeploymentResponse.builder().serviceDeploymentArn(sd.arn).build();
  }

  /** Acts on a PAUSE hook that is AWAITING_ACTION in a deployment that is IN_PROGRESS. */
  ContinueServiceDeploymentResponse continueDeployment(ContinueServiceDeploymentRequest r) {
    ServiceDeploymentModel sd = require(r.serviceDeploymentArn());
    if (r.hookId() == null) throw EcsErrors.invalidParameter("hookId must be specified.");
    if (!sd.status.equals("IN_PROGRESS")) {
      throw EcsErrors.invalidParameter(
          "The service deployment " + sd.arn + " is " + sd.status + ", not IN_PROGRESS.");
    }
    HookRun run =
        sd.hooks.stream()
            .filter(h -> h.hookId.equals(r.hookId()))
            .findFirst()
            .orElseThrow(
                () ->
                    EcsErrors.invalidParameter(
                        "The lifecycle hook " + r.hookId() + " does not exist in " + sd.arn + "."));
    if (!run.status.equals("AWAITING_ACTION")) {
      throw EcsErrors.invalidParameter(
          "The lifecycle hook " + run.hookId + " is " + run.status + ", not AWAITING_ACTION.");
    }
    if (r.action() == null || "CONTINUE".equals(r.actionAsString())) {
      run.status = "SUCCEEDED";
    } else if ("ROLLBACK".equals(r.actionAsString())) {
      run.status = "FAILED";
      rs.scheduler.nativeDeployments.rollback.request(
          sd.service,
          sd,
          "Rolled back by ContinueServiceDeployment on lifecycle hook " + run.hookId + ".",
          true,
          rs.now());
    } else {
      throw EcsErrors.invalidParameter("Invalid action " + r.actionAsString() + ".");
    }
    sd.updatedAt = rs.now();
    return ContinueServiceDeploymentResponse.builder().serviceDeploymentArn(sd.arn).build();
  }

  private ServiceDeploymentModel require(String arn) {
    ServiceDeploymentModel sd = arn == null ? null : rs.ecs.serviceDeployments.get(arn);
    if (sd == null) throw EcsErrors.serviceDeploymentNotFound();
    return sd;
  }
}
