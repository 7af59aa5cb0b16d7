package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DependencyRef;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Deploy A, then B": a new release waits until every ServiceRelease it depends on is Ready, and a
 * release whose dependsOn closes a cycle through itself is Invalid instead of waiting forever.
 */
final class Dependencies {
  private Dependencies() {}

  /**
   * Invalid when {@code sr}'s dependencies lead back to it. Checked on every pass and rechecked
   * while it holds, because the cycle can be broken by editing another object, which does not
   * trigger a pass of this one.
   */
  static Optional<Outcome> cycle(
      ServiceRelease sr, KubernetesClient client, ReleaseSettings settings) {
    if (names(sr).isEmpty()) return Optional.empty();
    String namespace = sr.getMetadata().getNamespace();
    Map<String, List<String>> read = new HashMap<>(Map.of(sr.getMetadata().getName(), names(sr)));
    return DependencyCycles.through(
            sr.getMetadata().getName(),
            name ->
                read.computeIfAbsent(
                    name,
                    n ->
                        names(
                            client
                                .resources(ServiceRelease.class)
                                .inNamespace(namespace)
                                .withName(n)
                                .get())))
        .map(
            path ->
                Outcome.failed(
                    "Invalid",
                    "invalid spec: " + DependencyCycles.problem(path),
                    settings.maxPoll()));
  }

  /** The names {@code sr} depends on; none for a release that does not exist. */
  private static List<String> names(ServiceRelease sr) {
    if (sr == null || sr.getSpec() == null || sr.getSpec().dependsOn == null) return List.of();
    return sr.getSpec().dependsOn.stream()
        .map(d -> d.name)
        .filter(n -> n != null && !n.isBlank())
        .toList();
  }

  static Optional<Outcome> waitingFor(
      ReleaseContext ctx, KubernetesClient client, ReleaseSettings settings) {
    if (ctx.resource.getSpec().dependsOn == null || ctx.resource.getSpec().dependsOn.isEmpty())
      return Optional.empty();
    // A release already done is not held back by a dependency that is rolling out later.
    if (ctx.currentRelease().map(r -> "Succeeded".equals(r.result)).orElse(false))
      return Optional.empty();
    List<String> notReady = new ArrayList<>();
    for (DependencyRef dep : ctx.resource.getSpec().dependsOn) {
      ServiceRelease other =
          client
              .resources(ServiceRelease.class)
              .inNamespace(ctx.namespace())
              .withName(dep.name)
              .get();
      if (other == null) notReady.add(dep.name + " (not found)");
      else if (!isReady(other)) notReady.add(dep.name + " (" + state(other) + ")");
    }
    if (notReady.isEmpty()) return Optional.empty();
    return Optional.of(
        new Outcome(
            Phase.Pending,
            "WaitingForDependency",
            "waiting for " + String.join(", ", notReady) + " to be Ready",
            settings.maxPoll().compareTo(Duration.ofSeconds(10)) < 0
                ? settings.maxPoll()
                : Duration.ofSeconds(10)));
  }

  /** "Progressing", or "Failed: Invalid" so a dependency stuck in its own cycle is recognisable. */
  private static String state(ServiceRelease other) {
    if (other.getStatus() == null || other.getStatus().phase == null) return "Pending";
    Phase phase = other.getStatus().phase;
    if (phase != Phase.Failed && phase != Phase.RolledBack && phase != Phase.Aborted) {
      return phase.name();
    }
    return phase
        + Conditions.find(other.getStatus().conditions, Conditions.READY)
            .map(c -> ": " + c.getReason())
            .orElse("");
  }

  private static boolean isReady(ServiceRelease sr) {
    return sr.getStatus() != null
        && sr.getStatus().phase == Phase.Ready
        && sr.getMetadata().getGeneration() != null
        && sr.getMetadata().getGeneration().equals(sr.getStatus().observedGeneration);
  }
}
