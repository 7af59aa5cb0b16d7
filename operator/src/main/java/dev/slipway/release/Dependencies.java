package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DependencyRef;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** "Deploy A, then B": a new release waits until every ServiceRelease it depends on is Ready. */
final class Dependencies {
  private Dependencies() {}

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
      else if (!isReady(other))
        notReady.add(
            dep.name
                + " ("
                + (other.getStatus() == null ? "Pending" : other.getStatus().phase)
                + ")");
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

  private static boolean isReady(ServiceRelease sr) {
    return sr.getStatus() != null
        && sr.getStatus().phase == Phase.Ready
        && sr.getMetadata().getGeneration() != null
        && sr.getMetadata().getGeneration().equals(sr.getStatus().observedGeneration);
  }
}
