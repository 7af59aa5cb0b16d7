package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * Tears down what a ServiceRelease with deletionPolicy Delete created, one resumable step per pass:
 * stop autoscaling, scale to 0, wait for tasks to stop, delete the service, then deregister the
 * revisions Slipway registered. Retain (the default) leaves AWS untouched.
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
    if (service.isPresent()) {
      if (!Tags.find(service.get().tags(), Tags.OWNER).filter(Tags.owner(sr)::equals).isPresent()) {
        events.warning(
            sr,
            "NotDeleted",
            "ECS service "
                + sr.serviceName()
                + " is not managed by this ServiceRelease; left in place");
        return Optional.empty();
      }
      return Optional.of(drainAndDelete(sr, target, service.get()));
    }
    deregisterRevisions(sr, target);
    events.normal(
        sr,
        "Deleted",
        "ECS service " + sr.serviceName() + " deleted and its revisions deregistered");
    return Optional.empty();
  }

  private Duration drainAndDelete(ServiceRelease sr, AwsTarget target, Service s) {
    if ("DRAINING".equals(s.status())) return Duration.ofSeconds(2);
    if (s.desiredCount() > 0) {
      if (sr.getSpec().service != null && sr.getSpec().service.autoscaling != null) {
        // Otherwise the scaler would raise the count again while we drain.
        autoscaling.deregister(
            target, AutoScalingPort.resourceId(sr.getSpec().cluster, sr.serviceName()));
      }
      ecs.update(
          target,
          UpdateServiceRequest.builder()
              .cluster(sr.getSpec().cluster)
              .service(sr.serviceName())
              .desiredCount(0)
              .build());
      events.normal(
          sr,
          "ScalingDown",
          "Scaling ECS service " + sr.serviceName() + " to 0 before deleting it");
      return Duration.ofSeconds(2);
    }
    if (s.runningCount() > 0 || s.pendingCount() > 0) return Duration.ofSeconds(2);
    ecs.delete(target, sr.getSpec().cluster, sr.serviceName());
    return Duration.ofSeconds(1);
  }

  private void deregisterRevisions(ServiceRelease sr, AwsTarget target) {
    Set<String> arns = new LinkedHashSet<>();
    if (sr.getStatus() != null) {
      if (sr.getStatus().taskDefinitionArn != null) arns.add(sr.getStatus().taskDefinitionArn);
      sr.getStatus()
          .history
          .forEach(
              r -> {
                if (r.taskDefinitionArn != null) arns.add(r.taskDefinitionArn);
              });
    }
    for (String arn : arns) {
      try {
        ecs.deregister(target, arn);
      } catch (RuntimeException e) {
        // Already deregistered (or never existed): the goal is reached either way.
        if (!"ClientException".equals(AwsErrors.errorCode(e))
            && !"InvalidParameterException".equals(AwsErrors.errorCode(e))) throw e;
      }
    }
  }
}
