package dev.slipway.release;

import dev.slipway.aws.EcsPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Makes status describe what ECS runs now, at the end of every pass that observed the service:
 * {@code status.deployment} is ECS's PRIMARY deployment and {@code status.image} the image serving
 * traffic. Neither is what the spec asked for: after a rollback they show the restored revision,
 * while {@code status.desiredImage} and the history keep the failed attempt.
 */
final class RunningRevision {
  /** Revisions never change, so an image read once is kept; the bound only caps memory. */
  private static final int KNOWN_IMAGES_LIMIT = 4096;

  private final EcsPort ecs;
  private final Map<String, String> knownImages = new ConcurrentHashMap<>();

  RunningRevision(EcsPort ecs) {
    this.ecs = ecs;
  }

  /** Updates the running side of status from {@code ctx.service}; keeps it when none was seen. */
  void observe(ReleaseContext ctx) {
    Optional<Service> service = ctx.service.filter(s -> "ACTIVE".equals(s.status()));
    if (service.isEmpty()) return;
    List<Deployment> deployments = service.get().deployments();
    Optional<Deployment> primary =
        deployments.stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    if (primary.isEmpty()) return;
    ctx.status.deployment = RolloutStep.deployment(primary.get());
    ctx.status.image = imageOf(ctx, serving(deployments, primary.get()).taskDefinition());
  }

  /**
   * The deployment whose tasks take traffic: the PRIMARY once ECS completed it; while it is still
   * rolling out (or rolling back), the last completed one that still runs tasks, because ECS only
   * moves traffic to new tasks that pass health checks. With nothing completed, the PRIMARY.
   */
  static Deployment serving(List<Deployment> deployments, Deployment primary) {
    String state = primary.rolloutStateAsString();
    if (state == null || "COMPLETED".equals(state)) return primary;
    return deployments.stream()
        .filter(d -> d != primary && "COMPLETED".equals(d.rolloutStateAsString()))
        .filter(d -> d.runningCount() != null && d.runningCount() > 0)
        .findFirst()
        .orElse(primary);
  }

  /** The history knows the revisions this release registered; others are read once. */
  private String imageOf(ReleaseContext ctx, String taskDefinitionArn) {
    if (taskDefinitionArn == null) return null;
    Optional<String> recorded =
        ctx.status.history.stream()
            .filter(r -> taskDefinitionArn.equals(r.taskDefinitionArn) && r.image != null)
            .map(r -> r.image)
            .findFirst();
    if (recorded.isPresent()) return recorded.get();
    String known = knownImages.get(taskDefinitionArn);
    if (known != null) return known;
    Optional<String> read =
        ecs.describeTaskDefinition(ctx.plan.target(), taskDefinitionArn)
            .map(r -> ReleasePlan.primaryImage(r.definition().containerDefinitions()));
    if (read.isEmpty()) return null; // deleted revision: better no image than a wrong one
    if (knownImages.size() >= KNOWN_IMAGES_LIMIT) knownImages.clear();
    knownImages.put(taskDefinitionArn, read.get());
    return read.get();
  }
}
