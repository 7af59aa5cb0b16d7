package dev.slipway.environment;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.ServiceState;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provisioned branch environment's phase from its releases': all Ready → Ready with its URL; one
 * failed or rolled back → Failed with that release's message; otherwise Provisioning, naming what
 * is awaited and any release that is stuck retrying.
 */
final class BranchReport {
  private final ReleaseSettings settings;

  BranchReport(ReleaseSettings settings) {
    this.settings = settings;
  }

  EnvironmentOutcome of(
      StagingEnvironmentStatus status,
      Map<String, ServiceRelease> releases,
      List<BranchRoutes.Route> routes,
      Optional<Instant> expiresAt,
      Instant now) {
    List<ServiceState> states = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    boolean allReady = true;
    for (Map.Entry<String, ServiceRelease> e : releases.entrySet()) {
      ServiceRelease sr = e.getValue();
      ServiceReleaseStatus.Phase phase = current(sr);
      states.add(state(e.getKey(), sr, phase, routes));
      if (phase != ServiceReleaseStatus.Phase.Ready) allReady = false;
      if (failure.isEmpty() && failed(phase)) {
        failure = Optional.of("service " + e.getKey() + ": " + sr.getStatus().message);
      }
    }
    status.services = states;
    if (failure.isPresent()) {
      status.url = null;
      return EnvironmentOutcome.failed("ServiceFailed", failure.get(), settings.resync());
    }
    if (!allReady) {
      status.url = null;
      long waiting = states.stream().filter(s -> !"Ready".equals(s.phase)).count();
      return EnvironmentOutcome.provisioning(
          "Provisioning",
          "waiting for "
              + waiting
              + " of "
              + states.size()
              + " services to be Ready"
              + troubles(releases),
          settings.minPoll().multipliedBy(2));
    }
    status.url = routes.isEmpty() ? null : routes.get(0).url();
    return new EnvironmentOutcome(
        Phase.Ready,
        "Ready",
        status.url == null
            ? "all " + states.size() + " services are Ready"
            : "all " + states.size() + " services are Ready at " + status.url,
        recheck(expiresAt, now));
  }

  /** Look again at the resync, or when the TTL runs out if that is sooner. */
  private Duration recheck(Optional<Instant> expiresAt, Instant now) {
    Duration recheck = settings.resync();
    if (expiresAt.isPresent()) {
      Duration left = Duration.between(now, expiresAt.get());
      if (left.compareTo(recheck) < 0) recheck = left.isNegative() ? Duration.ZERO : left;
    }
    return recheck.plusMillis(100);
  }

  private static ServiceState state(
      String service,
      ServiceRelease sr,
      ServiceReleaseStatus.Phase phase,
      List<BranchRoutes.Route> routes) {
    ServiceState state = new ServiceState();
    state.name = service;
    state.release = sr.getMetadata().getName();
    state.phase = phase == null ? "Pending" : phase.name();
    routes.stream()
        .filter(r -> r.service().equals(service))
        .findFirst()
        .ifPresent(
            r -> {
              state.targetGroupArn = r.targetGroupArn();
              state.port = r.port();
              state.priority = r.priority();
              state.host = r.host();
              state.url = r.url();
            });
    return state;
  }

  /**
   * What the releases being waited for report as trouble (a ReconcileError being retried), so the
   * environment does not just say "waiting" while a child cannot make progress.
   */
  private static String troubles(Map<String, ServiceRelease> releases) {
    List<String> troubles = new ArrayList<>();
    releases.forEach(
        (service, sr) -> {
          if (sr.getStatus() != null
              && Conditions.isTrue(sr.getStatus().conditions, Conditions.DEGRADED)) {
            troubles.add(service + ": " + sr.getStatus().message);
          }
        });
    return troubles.isEmpty() ? "" : " (" + String.join("; ", troubles) + ")";
  }

  /** The child's phase, if it has observed its current spec; null while it has not. */
  private static ServiceReleaseStatus.Phase current(ServiceRelease sr) {
    if (sr.getStatus() == null) return null;
    if (!Objects.equals(sr.getStatus().observedGeneration, sr.getMetadata().getGeneration())) {
      return null;
    }
    return sr.getStatus().phase;
  }

  private static boolean failed(ServiceReleaseStatus.Phase phase) {
    return phase == ServiceReleaseStatus.Phase.Failed
        || phase == ServiceReleaseStatus.Phase.RolledBack
        || phase == ServiceReleaseStatus.Phase.Aborted;
  }
}
