package dev.slipway.api.v1alpha1;

/**
 * A moment in a release that Slipway announces: as a Kubernetes Event {@code Deploy<Event>} and to
 * the notifiers of {@code spec.notifications} that listen for it.
 */
public enum DeployEvent {
  /** A new spec hash begins to roll out (its task definition revision is known). */
  Started,
  /** A progressive rollout waits for someone to promote it. */
  AwaitingPromotion,
  /** The rollout of the spec hash completed: the release is Ready. */
  Succeeded,
  /** The release attempt failed and nothing was rolled back (e.g. a migration failed). */
  Failed,
  /** The new revision failed and the previous one was restored. */
  RolledBack,
  /** A progressive rollout was stopped on purpose and traffic went back to the old revision. */
  Aborted;

  /** The reason of the Kubernetes Event that records it, e.g. DeploySucceeded. */
  public String eventReason() {
    return "Deploy" + name();
  }

  /** Whether something went wrong: its Kubernetes Event is a Warning. */
  public boolean isWarning() {
    return this == Failed || this == RolledBack || this == Aborted;
  }
}
