package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Optional;

/**
 * A batch of a staging environment waits for the environment's datastore refresh: its data is being
 * replaced, so a run then would work on half a copy. While a refresh (or a night's deletion of the
 * datastores) runs, no run starts; a slot that fell due meanwhile runs when it ends.
 */
final class RefreshHold {
  /** Where the environment's refreshes stand, as a batch needs it. */
  record State(String holding, Instant lastStart, Instant lastEnd) {
    static final State NONE = new State(null, null, null);

    /**
     * The instant a slot's lateness counts from: the end of the refresh it fell due during, else
     * the slot itself.
     */
    Instant dueFrom(Instant slot) {
      boolean during =
          lastStart != null
              && lastEnd != null
              && !slot.isBefore(lastStart)
              && slot.isBefore(lastEnd);
      return during ? lastEnd : slot;
    }
  }

  private RefreshHold() {}

  /** The refresh state of the StagingEnvironment that owns {@code release}, if one does. */
  static State of(KubernetesClient client, ServiceRelease release) {
    return environment(client, release).map(RefreshHold::state).orElse(State.NONE);
  }

  static State state(StagingEnvironment env) {
    RefreshStatus refresh = env.getStatus() == null ? null : env.getStatus().refresh;
    if (refresh == null) return State.NONE;
    String holding =
        refresh.current == null
            ? null
            : "waiting for "
                + env.getMetadata().getName()
                + "'s datastore refresh "
                + refresh.current.runId
                + " to finish: no run starts on data being replaced";
    RefreshStatus.Run last = refresh.history.isEmpty() ? null : refresh.history.get(0);
    return new State(
        holding,
        instant(last == null ? null : last.startedAt),
        instant(last == null ? null : last.finishedAt));
  }

  private static Optional<StagingEnvironment> environment(
      KubernetesClient client, ServiceRelease release) {
    if (release == null || release.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    for (OwnerReference ref : release.getMetadata().getOwnerReferences()) {
      if (!"StagingEnvironment".equals(ref.getKind())) continue;
      StagingEnvironment env =
          client
              .resources(StagingEnvironment.class)
              .inNamespace(release.getMetadata().getNamespace())
              .withName(ref.getName())
              .get();
      if (env != null && env.getMetadata().getUid().equals(ref.getUid())) return Optional.of(env);
    }
    return Optional.empty();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
