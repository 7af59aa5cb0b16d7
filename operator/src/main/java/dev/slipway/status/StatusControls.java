package dev.slipway.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What both controllers do the same way around a pass: which updates deserve one, patching status
 * only when it changed, and how a failed pass is described.
 */
public final class StatusControls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusControls() {}

  /**
   * Spec changes (generation), annotations (retry, adopt), finalizers and deletion; not status-only
   * updates, which are our own patches. JOSDK's generation-aware filter alone would ignore the
   * annotations.
   */
  public static boolean worthReconciling(HasMetadata updated, HasMetadata previous) {
    return updated.isMarkedForDeletion()
        || !Objects.equals(
            updated.getMetadata().getGeneration(), previous.getMetadata().getGeneration())
        || !Objects.equals(
            updated.getMetadata().getAnnotations(), previous.getMetadata().getAnnotations())
        || !Objects.equals(
            updated.getMetadata().getFinalizers(), previous.getMetadata().getFinalizers());
  }

  /** Patches {@code status} only if it differs from {@code previous}; reschedules if asked. */
  public static <S, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(
      R resource, S status, S previous, Duration recheck) {
    UpdateControl<R> control;
    if (JSON.valueToTree(status).equals(JSON.valueToTree(previous))
        && resource.getStatus() != null) {
      control = UpdateControl.noUpdate();
    } else {
      resource.setStatus(status);
      control = UpdateControl.patchStatus(resource);
    }
    return recheck == null ? control : control.rescheduleAfter(recheck);
  }

  /**
   * True when a failed pass is a transition into the error state (Degraded was not already a
   * reconcile error), so one Warning Event is recorded per episode, not one per retry.
   */
  public static boolean newReconcileError(List<Condition> conditions) {
    return Conditions.find(conditions, Conditions.DEGRADED)
        .map(
            c ->
                !("True".equals(c.getStatus())
                    && ConditionContract.TRANSIENT_REASONS.contains(c.getReason())))
        .orElse(true);
  }

  /**
   * True when a pass failed because its thread was interrupted: the operator is stopping (a
   * restart, a lost lease, the sandbox exiting). That is not the resource's fault, so it gets no
   * status change, Event or error metric; the next leader reconciles it again.
   */
  public static boolean interruptedByShutdown(Throwable e) {
    if (Thread.currentThread().isInterrupted()) return true;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException) return true;
    }
    return false;
  }

  /** The status message of a pass that threw: the innermost cause that says something. */
  public static String reconcileError(Throwable e) {
    // The innermost cause: framework wrappers (JOSDK's OperatorException) only repeat it.
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return "reconcile failed, retrying with backoff: "
        + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
