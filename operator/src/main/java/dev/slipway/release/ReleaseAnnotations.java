package dev.slipway.release;

/**
 * The annotations a person (or a GitOps commit) sets on a ServiceRelease to act on a rollout in
 * progress. Each acts once per new value: the operator remembers the value it last acted on, so
 * setting the same value again does nothing. {@code kubectl slipway promote|abort|retry} sets them;
 * the retry annotation is {@link ServiceReleaseReconciler#RETRY_ANNOTATION}, next to the code that
 * acts on it.
 */
public final class ReleaseAnnotations {
  /** Lets a rollout awaiting promotion (a manual pause, a blue/green test shift) go on. */
  public static final String PROMOTE_ANNOTATION = "slipway.dev/promote";

  /** Stops a progressive rollout and puts the previous revision back. */
  public static final String ABORT_ANNOTATION = "slipway.dev/abort";

  private ReleaseAnnotations() {}
}
