package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * Tears down what a ServiceRelease with deletionPolicy Delete created, one resumable step per pass:
 * stop autoscaling, scale to 0, wait for tasks to stop, delete the service, then deregister the
 * revisions it registered. Ownership is proven at delete time by each resource's own AWS tags; the
 * resource's status only says where to look, since status can be stale, copied or edited. Retain
 * (the default) leaves AWS untouched.
 */
final class DeletionStep {
  private final EcsPort ecs;
  private final AutoScalingPort autoscaling;
  private final EventRecorder events;

  DeletionStep(EcsPort ecs, AutoScalingPort autoscaling, EventRecorder events) {
    this.ecs = ecs;
    this.autoscaling = autoscaling;
    this.events = events;
  }

  /** Empty when the finalizer may be removed; otherwise when to look again. */
  Optional<Duration> delete(ServiceRelease sr, AwsTarget target) {
    if (sr.getSpec().deletionPolicy != DeletionPolicy.Delete) {
      events.normal(
          sr, "Retained", "ECS service " + sr.serviceName() + " retained (deletionPolicy Retain)");
      return Optional.empty();
    }
    String cluster = sr.getSpec().cluster;
    Optional<Service> service =
        ecs.describeService(target, cluster, sr.serviceName())
            .filter(s -> !"INACTIVE".equals(s.status()));
    if (service.isPresent() && Tags.provesOwner(service.get().tags(), sr)) {
      return Optional.of(drainAndDelete(sr, target, service.get(), true));
    }
    // No service of ours (gone, never made, or someone else's by that name): the revisions this
    // release registered are still its own to deregister.
    List<String> foreign = deregisterOwnedRevisions(sr, target);
    if (service.isPresent()) {
      events.warning(
          sr,
          "NotDeleted",
          "ECS service "
              + sr.serviceName()
              + " is not managed by this ServiceRelease; left in place (its own revisions were"
              + " deregistered)");
    } else {
      events.normal(
          sr,
          "Deleted",
          "ECS service " + sr.serviceName() + " deleted and its revisions deregistered");
    }
    if (!foreign.isEmpty())
      events.warning(
          sr,
          "NotDeregistered",
          "Left revisions this ServiceRelease did not register (no "
              + Tags.OWNER
              + "="
              + Tags.owner(sr)
              + " tag): "
              + String.join(", ", foreign.stream().limit(10).toList())
              + (foreign.size() > 10 ? " and " + (foreign.size() - 10) + " more" : ""));
    return Optional.empty();
  }

  /**
   * Drains and deletes another ECS service of the release (a Weighted release's canary), only when
   * its own tags prove it is this release's. Empty once it is gone or is not ours (left in place).
   */
  Optional<Duration> deleteOwnedService(ServiceRelease sr, AwsTarget target, String name) {
    Optional<Service> service =
        ecs.describeService(target, sr.getSpec().cluster, name)
            .filter(s -> !"INACTIVE".equals(s.status()));
    if (service.isEmpty()) return Optional.empty();
    if (!Tags.provesOwner(service.get().tags(), sr)) {
      events.warning(
          sr,
          "NotDeleted",
          "ECS service " + name + " is not managed by this ServiceRelease; left in place");
      return Optional.empty();
    }
    return Optional.of(drainAndDelete(sr, target, service.get(), false));
  }

  private Duration drainAndDelete(
      ServiceRelease sr, AwsTarget target, Service s, boolean autoscaled) {
    String name = s.serviceName();
    if ("DRAINING".equals(s.status())) return Duration.ofSeconds(2);
    if (s.desiredCount() > 0) {
      if (autoscaled && sr.getSpec().service != null && sr.getSpec().service.autoscaling != null) {
        // Otherwise the scaler would raise the count again while we drain.
        autoscaling.deregister(
            target, AutoScalingPort.resourceId(sr.getSpec().cluster, sr.serviceName()));
      }
      ecs.update(
          target,
          UpdateServiceRequest.builder()
              .cluster(sr.getSpec().cluster)
              .service(name)
              .desiredCount(0)
              .build());
      events.normal(sr, "ScalingDown", "Scaling ECS service " + name + " to 0 before deleting it");
      return Duration.ofSeconds(2);
    }
    if (s.runningCount() > 0 || s.pendingCount() > 0) return Duration.ofSeconds(2);
    ecs.delete(target, sr.getSpec().cluster, name);
    return Duration.ofSeconds(1);
  }

  /**
   * Deregisters every ACTIVE candidate revision whose tags name this ServiceRelease as owner, and
   * returns the candidates that do not (left alone). Candidates are the revisions status mentions
   * and every ACTIVE revision of the family: status keeps only a bounded history, and a crash
   * between RegisterTaskDefinition and the status write leaves a revision only AWS knows of.
   */
  private List<String> deregisterOwnedRevisions(ServiceRelease sr, AwsTarget target) {
    List<String> foreign = new ArrayList<>();
    Set<String> candidates = candidates(sr);
    candidates.addAll(ecs.activeRevisions(target, sr.getSpec().taskDefinition.family));
    for (String candidate : candidates) {
      Optional<EcsPort.Revision> revision = ecs.describeTaskDefinition(target, candidate);
      if (revision.isEmpty() || !"ACTIVE".equals(revision.get().definition().statusAsString()))
        continue;
      String arn = revision.get().definition().taskDefinitionArn();
      if (!Tags.provesOwner(revision.get().tags(), sr)) {
        foreign.add(arn);
        continue;
      }
      try {
        ecs.deregister(target, arn);
      } catch (RuntimeException e) {
        // Deregistered meanwhile: the goal is reached either way.
        if (!"ClientException".equals(AwsErrors.errorCode(e))
            && !"InvalidParameterException".equals(AwsErrors.errorCode(e))) throw e;
      }
    }
    return foreign;
  }

  private static Set<String> candidates(ServiceRelease sr) {
    Set<String> arns = new LinkedHashSet<>();
    // The family first: "latest" must be read before any of its revisions is deregistered.
    arns.add(sr.getSpec().taskDefinition.family);
    ServiceReleaseStatus status = sr.getStatus();
    if (status != null) {
      arns.add(status.taskDefinitionArn);
      arns.add(status.lastGoodTaskDefinitionArn);
      status.history.forEach(r -> arns.add(r.taskDefinitionArn));
    }
    arns.remove(null);
    return arns;
  }
}
