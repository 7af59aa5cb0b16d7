package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * The canary service of a Weighted release, {@code <service>-canary}: the stable service's settings
 * with the new revision, on the second target group, owned by the release through the same tags as
 * its main service. Created or updated before the steps start, scaled to 0 when they end (kept, so
 * the next release reuses it); deleted with the release by {@link TrafficTeardown}.
 */
final class CanaryServiceStep {
  private final EcsPort ecs;
  private final EventRecorder events;

  CanaryServiceStep(EcsPort ecs, EventRecorder events) {
    this.ecs = ecs;
    this.events = events;
  }

  static String name(String serviceName) {
    return serviceName + "-canary";
  }

  /** The canary service as ECS has it now (neither absent nor INACTIVE). */
  Optional<Service> describe(ReleaseContext ctx, ProgressiveStatus p) {
    return ecs.describeService(ctx.plan.target(), ctx.cluster(), p.canaryServiceName)
        .filter(s -> !"INACTIVE".equals(s.status()));
  }

  /**
   * Makes the canary service run the canary revision at the stable service's size: created with a
   * deterministic clientToken, or updated when it differs. Empty when that is under way or done; an
   * outcome when the name is taken by a service not this release's, or it is still draining.
   */
  Optional<Outcome> ensure(ReleaseContext ctx, ProgressiveStatus p) {
    int count =
        ctx.service
            .map(Service::desiredCount)
            .filter(c -> c > 0)
            .orElse(Math.max(1, ctx.plan.service().desiredCount()));
    DesiredService want =
        ctx.plan.service().asCanary(p.canaryServiceName, p.alternateTargetGroupArn, count);
    Optional<Service> have = describe(ctx, p);
    if (have.isEmpty()) {
      String token =
          ContentHash.of(ctx.resource.getMetadata().getUid(), ctx.plan.specHash(), "canary");
      ecs.create(
          ctx.plan.target(),
          ReleaseRequests.createService(ctx.resource, want, p.canaryTaskDefinitionArn, token));
      events.normal(
          ctx.resource,
          "CanaryCreated",
          "Created canary service "
              + p.canaryServiceName
              + " with "
              + ServiceStep.shortArn(p.canaryTaskDefinitionArn));
      return Optional.empty();
    }
    Service s = have.get();
    if ("DRAINING".equals(s.status())) {
      return Optional.of(
          Outcome.progressing(
              "ServiceDraining",
              "canary service " + p.canaryServiceName + " is draining; waiting to recreate it",
              Duration.ofSeconds(10)));
    }
    if (!Tags.provesOwner(s.tags(), ctx.resource)) {
      return Optional.of(
          Outcome.failed(
              "Conflict",
              "ECS service "
                  + p.canaryServiceName
                  + " exists and is not managed by this ServiceRelease; Weighted needs that name "
                  + "for its canary service"));
    }
    List<ServiceDrift.Difference> diffs = ServiceDrift.between(want, p.canaryTaskDefinitionArn, s);
    if (!diffs.isEmpty()) {
      ecs.update(ctx.plan.target(), want.updateRequest(p.canaryTaskDefinitionArn));
      events.normal(
          ctx.resource,
          "CanaryUpdated",
          "Updated canary service "
              + p.canaryServiceName
              + ": "
              + String.join("; ", diffs.stream().map(Object::toString).toList()));
    }
    return Optional.empty();
  }

  /** What a service still lacks to run {@code tdArn} steadily; empty once it does. */
  static Optional<String> unsteady(Service s, String tdArn) {
    Optional<Deployment> primary =
        s.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    if (primary.isEmpty() || !tdArn.equals(primary.get().taskDefinition())) {
      return Optional.of("ECS has not started deploying " + ServiceStep.shortArn(tdArn));
    }
    Deployment d = primary.get();
    boolean complete =
        "COMPLETED".equals(d.rolloutStateAsString())
            && s.deployments().size() == 1
            && d.runningCount() != null
            && d.runningCount().equals(d.desiredCount())
            && d.desiredCount() > 0;
    return complete
        ? Optional.empty()
        : Optional.of(d.runningCount() + "/" + d.desiredCount() + " tasks running");
  }

  /** Why ECS gave up on {@code tdArn} in this service (its circuit breaker), if it did. */
  static Optional<String> failed(Service s, String tdArn) {
    return s.deployments().stream()
        .filter(d -> tdArn.equals(d.taskDefinition()))
        .filter(d -> "FAILED".equals(d.rolloutStateAsString()))
        .findFirst()
        .map(
            d ->
                d.rolloutStateReason() == null
                    ? "ECS's circuit breaker failed the deployment"
                    : d.rolloutStateReason());
  }

  /** Scales the canary service to 0 when it runs anything (only with ownership proof). */
  void scaleDown(ReleaseContext ctx, ProgressiveStatus p) {
    Optional<Service> s = describe(ctx, p);
    if (s.isEmpty()
        || !Tags.provesOwner(s.get().tags(), ctx.resource)
        || s.get().desiredCount() == 0) {
      return;
    }
    ecs.update(
        ctx.plan.target(),
        UpdateServiceRequest.builder()
            .cluster(ctx.cluster())
            .service(p.canaryServiceName)
            .desiredCount(0)
            .build());
    events.normal(
        ctx.resource, "CanaryScaledDown", "Scaled canary service " + p.canaryServiceName + " to 0");
  }
}
