package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.AwsTarget;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * What the operator learned about each ServiceRelease in its last pass (where the service lives and
 * what it should look like), so the drift scanner can observe many services with a few batched
 * calls and wake only the resources whose service moved.
 */
public final class ReleaseRegistry {
  /** The settled state of one release, as far as drift detection needs it. */
  public record Entry(
      ResourceID id,
      AwsTarget target,
      String cluster,
      String service,
      DesiredService desired,
      String taskDefinitionArn,
      Phase phase,
      String replicas,
      String deployment) {}

  /** A service as the scanner saw it, and when (System.nanoTime). */
  private record Observation(Service service, long nanos) {}

  /** Observations older than this are not reused by a reconcile (it describes again). */
  private static final long FRESH_NANOS = 10_000_000_000L;

  private final Map<ResourceID, Entry> entries = new ConcurrentHashMap<>();
  private final Map<ResourceID, Observation> observations = new ConcurrentHashMap<>();
  private final SimpleInboundEventSource<ServiceRelease> eventSource =
      new SimpleInboundEventSource<>("drift-scanner");

  SimpleInboundEventSource<ServiceRelease> eventSource() {
    return eventSource;
  }

  void remember(
      ServiceRelease sr, ServiceReleaseStatus status, ReleasePlan plan, Optional<Service> service) {
    ResourceID id = ResourceID.fromResource(sr);
    if (plan == null || sr.getSpec().suspend || status.taskDefinitionArn == null) {
      entries.remove(id);
      return;
    }
    entries.put(
        id,
        new Entry(
            id,
            plan.target(),
            plan.service().cluster(),
            plan.service().serviceName(),
            plan.service(),
            status.taskDefinitionArn,
            status.phase,
            status.replicas,
            status.deployment == null
                ? null
                : deploymentKey(status.deployment.id, status.deployment.rolloutState)));
  }

  /**
   * What status says about ECS's current deployment, compared by the drift scanner so that status
   * follows a rollback to its end even when the release itself has nothing left to do.
   */
  static String deploymentKey(String id, String rolloutState) {
    return id + " " + rolloutState;
  }

  void forget(ServiceRelease sr) {
    ResourceID id = ResourceID.fromResource(sr);
    entries.remove(id);
    observations.remove(id);
  }

  /** Settled releases: those not polling for themselves. */
  public Collection<Entry> settled() {
    return entries.values().stream()
        .filter(
            e ->
                e.phase() == Phase.Ready
                    || e.phase() == Phase.RolledBack
                    || e.phase() == Phase.Aborted
                    || e.phase() == Phase.Failed)
        .toList();
  }

  /** Hands a scanner observation to the next pass of that resource and wakes it. */
  public void wake(ResourceID id, Service observed) {
    if (observed != null) observations.put(id, new Observation(observed, System.nanoTime()));
    eventSource.propagateEvent(id);
  }

  /**
   * Hands a pass's own observation to the pass it asked to follow at once ({@link
   * Outcome#AT_ONCE}): nothing changed in AWS in between, so describing the service again would
   * only repeat it.
   */
  void handOn(ServiceRelease sr, Service observed) {
    observations.put(ResourceID.fromResource(sr), new Observation(observed, System.nanoTime()));
  }

  /** The scanner's (or a pass's handed-on) observation, if one is waiting and fresh; used once. */
  Optional<Service> freshObservation(ServiceRelease sr) {
    Observation o = observations.remove(ResourceID.fromResource(sr));
    return o != null && System.nanoTime() - o.nanos() < FRESH_NANOS
        ? Optional.of(o.service())
        : Optional.empty();
  }
}
