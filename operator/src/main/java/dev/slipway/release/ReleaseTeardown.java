package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.AwsTarget;
import dev.slipway.status.DeletionFrame;
import dev.slipway.status.EventRecorder;
import dev.slipway.status.FleetMetrics;
import dev.slipway.status.StatusControls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deleting a ServiceRelease: with {@code deletionPolicy: Delete}, {@link DeletionStep} drains and
 * deletes the ECS service and deregisters the revisions it can prove are this release's; with
 * Retain (the default), an invalid spec, writes suspended or another account, AWS is not changed
 * and the resource goes at once.
 */
final class ReleaseTeardown implements DeletionFrame.Teardown<ServiceRelease> {
  private final AccountGuard guard;
  private final DeletionStep deletion;
  private final TrafficTeardown traffic;
  private final EventRecorder events;
  private final FleetMetrics metrics;

  ReleaseTeardown(
      AccountGuard guard,
      DeletionStep deletion,
      TrafficTeardown traffic,
      EventRecorder events,
      FleetMetrics metrics) {
    this.guard = guard;
    this.deletion = deletion;
    this.traffic = traffic;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public Optional<String> run(ServiceRelease sr) {
    if (!touchesAws(sr)) return Optional.empty();
    AwsTarget target = target(sr);
    AccountCheck check = guard.verify(target);
    if (!check.matches()) {
      events.warning(sr, "WrongAccount", check.message() + "; nothing deleted");
      return Optional.empty();
    }
    return delete(sr, target)
        .map(
            again ->
                "waiting for ECS service "
                    + sr.serviceName()
                    + canary(sr)
                    + " in cluster "
                    + sr.getSpec().cluster
                    + " to scale to 0 and be deleted");
  }

  /** " (or its canary NAME)" for a Weighted release that has one. */
  private static String canary(ServiceRelease sr) {
    String name =
        sr.getStatus() == null || sr.getStatus().progressive == null
            ? null
            : sr.getStatus().progressive.canaryServiceName;
    return name == null ? "" : " (or its canary " + name + ")";
  }

  /** The deletion step; if AWS refuses it, the teardown is blocked on the service. */
  private Optional<Duration> delete(ServiceRelease sr, AwsTarget target) {
    try {
      Optional<Duration> again = deletion.delete(sr, target);
      // The rules and the second target group go once the service no longer names them; with
      // Retain they stay, since the retained service still names them.
      if (again.isPresent() || sr.getSpec().deletionPolicy != DeletionPolicy.Delete) return again;
      return traffic.delete(sr, target);
    } catch (AwsRateLimitedException e) {
      throw e;
    } catch (RuntimeException e) {
      if (StatusControls.interruptedByShutdown(e)) throw e;
      throw new DeletionFrame.TeardownBlockedException(
          "drain and delete ECS service "
              + sr.serviceName()
              + " in cluster "
              + sr.getSpec().cluster
              + " and deregister its revisions",
          e);
    }
  }

  @Override
  public List<String> leftBehind(ServiceRelease sr) {
    List<String> left = new ArrayList<>();
    if (!touchesAws(sr) || sr.getSpec().deletionPolicy != DeletionPolicy.Delete) return left;
    left.add("ECS service " + sr.serviceName() + " in cluster " + sr.getSpec().cluster);
    left.addAll(TrafficTeardown.pieces(sr));
    if (sr.getStatus() != null && sr.getStatus().taskDefinitionArn != null) {
      left.add("task definition revisions of family " + sr.getSpec().taskDefinition.family);
    }
    return left;
  }

  @Override
  public void deleted(ServiceRelease sr) {
    metrics.forgetRelease(sr);
  }

  /**
   * Whether deleting the resource may act on AWS at all: only a spec that says where its resources
   * are (a release stored before a validation rule was added still tears down), with writes
   * allowed; then the deletion policy decides. Anything else leaves AWS as it is.
   */
  private static boolean touchesAws(ServiceRelease sr) {
    return SpecValidator.locatesResources(sr.getSpec()) && !sr.getSpec().suspend;
  }

  private static AwsTarget target(ServiceRelease sr) {
    return new AwsTarget(
        sr.getSpec().aws.accountId, sr.getSpec().aws.region, sr.getSpec().aws.roleArn);
  }
}
