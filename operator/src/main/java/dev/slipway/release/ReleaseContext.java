package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ReleaseRecord;
import dev.slipway.release.progressive.TrafficArns;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/** State carried through one reconcile pass: the resource, its working status and observations. */
final class ReleaseContext {
  final ServiceRelease resource;
  final ServiceReleaseStatus status;
  final ReleasePlan plan;
  final Instant now;

  /** The ECS service as last observed or as returned by the last write; empty when absent. */
  Optional<Service> service = Optional.empty();

  /**
   * The scalable target as this pass knows it; null until a step asks ({@link ScalableTargets}).
   */
  ScalableTargets.Known scalableTarget;

  /**
   * The load balancer pieces of an ECS-native strategy once {@link TrafficStep} ensured them; null
   * for Rolling and Weighted, whose service has none.
   */
  TrafficArns traffic;

  /** The ECS service deployment of the release in flight, once read this pass. */
  ServiceDeployment serviceDeployment;

  ReleaseContext(
      ServiceRelease resource, ServiceReleaseStatus status, ReleasePlan plan, Instant now) {
    this.resource = resource;
    this.status = status;
    this.plan = plan;
    this.now = now;
  }

  String namespace() {
    return resource.getMetadata().getNamespace();
  }

  String name() {
    return resource.getMetadata().getName();
  }

  String cluster() {
    return plan.service().cluster();
  }

  String serviceName() {
    return plan.service().serviceName();
  }

  /**
   * The service as ECS should have it: the plan's, with the traffic pieces added to its load
   * balancer for an ECS-native strategy.
   */
  DesiredService desiredService() {
    if (traffic == null) return plan.service();
    return plan.service().withTraffic(traffic, resource.getSpec().strategy.traffic.roleArn);
  }

  /** The history record of the release in flight (history is newest first). */
  Optional<ReleaseRecord> currentRelease() {
    return status.history.isEmpty() || !plan.specHash().equals(status.history.get(0).specHash)
        ? Optional.empty()
        : Optional.of(status.history.get(0));
  }

  Duration since(String timestamp) {
    return timestamp == null ? Duration.ZERO : Duration.between(Instant.parse(timestamp), now);
  }

  @Override
  public String toString() {
    return namespace() + "/" + name();
  }
}
