package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Ensures the ECS service exists, belongs to this ServiceRelease, and matches the plan: creates it
 * (idempotently, with a deterministic clientToken), adopts an unmanaged one only when asked, and
 * updates it when the task definition or settings differ, reporting drift it corrects.
 */
final class ServiceStep {
  static final String ADOPT_ANNOTATION = "slipway.dev/adopt";

  private final EcsPort ecs;
  private final EventRecorder events;

  ServiceStep(EcsPort ecs, EventRecorder events) {
    this.ecs = ecs;
    this.events = events;
  }

  /** Empty when the service is ours and now asks for the plan; otherwise why we stopped. */
  Optional<Outcome> ensureService(ReleaseContext ctx, String tdArn) {
    Optional<Service> observed = ctx.service.filter(s -> !"INACTIVE".equals(s.status()));
    if (observed.isEmpty()) {
      create(ctx, tdArn);
      return Optional.empty();
    }
    Service service = observed.get();
    if ("DRAINING".equals(service.status())) {
      return Optional.of(
          Outcome.progressing(
              "ServiceDraining",
              "ECS service "
                  + ctx.serviceName()
                  + " is draining after a delete; waiting to recreate it",
              java.time.Duration.ofSeconds(10)));
    }
    Optional<Outcome> ownership = ensureOwnership(ctx, service);
    if (ownership.isPresent()) return ownership;
    List<ServiceDrift.Difference> diffs =
        ServiceDrift.between(ctx.desiredService(), tdArn, service);
    if (!diffs.isEmpty()) update(ctx, tdArn, diffs);
    return Optional.empty();
  }

  private void create(ReleaseContext ctx, String tdArn) {
    // Same resource + same spec → same token: a retried or duplicated create returns the same
    // service.
    String token = ContentHash.of(ctx.resource.getMetadata().getUid(), ctx.plan.specHash());
    Service created =
        ecs.create(
            ctx.plan.target(),
            ReleaseRequests.createService(ctx.resource, ctx.desiredService(), tdArn, token));
    ctx.service = Optional.of(created);
    startedRollout(ctx, created);
    events.normal(
        ctx.resource,
        "ServiceCreated",
        "Created ECS service "
            + ctx.serviceName()
            + " in cluster "
            + ctx.cluster()
            + " with "
            + shortArn(tdArn));
  }

  private Optional<Outcome> ensureOwnership(ReleaseContext ctx, Service service) {
    if (Tags.provesOwner(service.tags(), ctx.resource)) return Optional.empty();
    Optional<String> owner = Tags.find(service.tags(), Tags.OWNER);
    String annotation =
        ctx.resource.getMetadata().getAnnotations() == null
            ? null
            : ctx.resource.getMetadata().getAnnotations().get(ADOPT_ANNOTATION);
    String who =
        owner.map(o -> "is managed by ServiceRelease " + o).orElse("was not created by Slipway");
    if (owner.isEmpty() && "true".equals(annotation)) {
      ecs.tag(ctx.plan.target(), service.serviceArn(), Tags.ownership(ctx.resource));
      events.normal(
          ctx.resource,
          "Adopted",
          "Adopted existing ECS service "
              + ctx.serviceName()
              + " (annotation "
              + ADOPT_ANNOTATION
              + ")");
      return Optional.empty();
    }
    String hint =
        owner.isEmpty() ? "; set annotation " + ADOPT_ANNOTATION + ": \"true\" to adopt it" : "";
    return Optional.of(
        Outcome.failed(
            "Conflict",
            "ECS service "
                + ctx.serviceName()
                + " in cluster "
                + ctx.cluster()
                + " already exists and "
                + who
                + hint));
  }

  private void update(ReleaseContext ctx, String tdArn, List<ServiceDrift.Difference> diffs) {
    boolean drift =
        ctx.status.phase == Phase.Ready
            && ctx.plan.specHash().equals(ctx.status.specHash)
            && ctx.currentRelease().map(r -> "Succeeded".equals(r.result)).orElse(false);
    Service updated = ecs.update(ctx.plan.target(), ctx.desiredService().updateRequest(tdArn));
    ctx.service = Optional.of(updated);
    startedRollout(ctx, updated);
    String what = String.join("; ", diffs.stream().map(ServiceDrift.Difference::toString).toList());
    if (drift) {
      events.warning(
          ctx.resource,
          "DriftCorrected",
          "ECS service " + ctx.serviceName() + " had drifted; corrected " + what);
    } else {
      events.normal(
          ctx.resource, "ServiceUpdated", "Updated ECS service " + ctx.serviceName() + ": " + what);
    }
  }

  /**
   * Records on the release's history entry the deployment this write started, so its fate can be
   * told apart from drift (status.deployment follows whatever ECS runs, rollbacks included).
   */
  private static void startedRollout(ReleaseContext ctx, Service service) {
    ctx.status.rolloutStartedAt = ctx.now.toString();
    String started =
        service.deployments().stream()
            .filter(d -> "PRIMARY".equals(d.status()))
            .findFirst()
            .map(d -> d.id())
            .orElse(null);
    ctx.currentRelease()
        .ifPresent(
            r -> {
              r.deploymentId = started;
              // ECS-native strategies are followed through the service deployment this started.
              r.serviceDeploymentArn = service.currentServiceDeployment();
            });
  }

  static String shortArn(String arn) {
    return arn == null ? "-" : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
