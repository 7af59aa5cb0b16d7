package dev.slipway.release;

import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Ensures a task definition revision with the planned content exists, registering one only when no
 * known revision carries the content hash: first the status (no AWS call), then the family's latest
 * revision if this release registered it (one read, which also covers a crash between register and
 * status write). Another release's revision is never reused, so that release's deletion can never
 * deregister a revision this one runs.
 */
final class TaskDefinitionStep {
  private final EcsPort ecs;
  private final EventRecorder events;

  TaskDefinitionStep(EcsPort ecs, EventRecorder events) {
    this.ecs = ecs;
    this.events = events;
  }

  String ensureTaskDefinition(ReleaseContext ctx) {
    String hash = ctx.plan.contentHash();
    Optional<String> known =
        ctx.status.history.stream()
            .filter(r -> hash.equals(r.contentHash) && r.taskDefinitionArn != null)
            .map(r -> r.taskDefinitionArn)
            .findFirst();
    if (known.isPresent()) return known.get();
    Optional<EcsPort.Revision> latest =
        ecs.describeTaskDefinition(ctx.plan.target(), ctx.plan.taskDefinition().family());
    if (latest.isPresent()
        && Tags.provesOwner(latest.get().tags(), ctx.resource)
        && Tags.find(latest.get().tags(), Tags.CONTENT_HASH).filter(hash::equals).isPresent()) {
      return latest.get().definition().taskDefinitionArn();
    }
    List<Tag> tags = ReleaseRequests.registrationTags(ctx.resource, hash);
    EcsPort.Revision registered = ecs.register(ctx.plan.target(), ctx.plan.taskDefinition(), tags);
    String arn = registered.definition().taskDefinitionArn();
    events.normal(
        ctx.resource,
        "TaskDefinitionRegistered",
        "Registered " + arn + " (" + ctx.plan.image() + ")");
    return arn;
  }

  /** Notes the revision on the in-flight release record. */
  static void record(ReleaseContext ctx, String arn) {
    ctx.status.taskDefinitionArn = arn;
    ctx.currentRelease()
        .ifPresent(
            r -> {
              r.taskDefinitionArn = arn;
              r.contentHash = ctx.plan.contentHash();
              r.revision = revisionOf(arn);
            });
  }

  static Integer revisionOf(String arn) {
    int colon = arn.lastIndexOf(':');
    try {
      return Integer.valueOf(arn.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
