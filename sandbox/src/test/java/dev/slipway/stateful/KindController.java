package dev.slipway.stateful;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One controller as JOSDK 5 runs it with Slipway's settings (no server-side apply, a finalizer),
 * for one pass at a time: add the finalizer before the first reconcile; reconcile a copy and apply
 * its UpdateControl (a JSON patch of status against the resource the pass started from, as JOSDK's
 * non-SSA path does); on an exception let updateErrorStatus patch status and ask for a retry; on a
 * deletion run cleanup and remove the finalizer when its DeleteControl says so.
 */
final class KindController<R extends CustomResource<?, ?>> {
  static final String FINALIZER = "slipway.dev/finalizer";
  private static final int CONFLICT_RETRIES = 10;

  /** What a pass came to; {@code recheck} is when the controller asked to be called again. */
  record Pass(Result result, Optional<Duration> recheck, String detail) {}

  /** The kinds of pass endings the driver schedules differently. */
  enum Result {
    FINALIZER_ADDED,
    RECONCILED,
    RETRY,
    NO_RETRY,
    FINALIZER_REMOVED,
    CLEANUP_PENDING,
    SKIPPED
  }

  private final Class<R> type;
  private final KubernetesClient client;
  private final CrashPlan crashes;
  private final Supplier<? extends Reconciler<R>> reconciler;

  KindController(
      Class<R> type,
      KubernetesClient client,
      CrashPlan crashes,
      Supplier<? extends Reconciler<R>> reconciler) {
    this.type = type;
    this.client = client;
    this.crashes = crashes;
    this.reconciler = reconciler;
  }

  Class<R> type() {
    return type;
  }

  /** One JOSDK dispatch of {@code original} (as just read from the API server). */
  Pass dispatch(R original, int attempt) {
    if (original.isMarkedForDeletion()) return cleanup(original, attempt);
    if (!original.hasFinalizer(FINALIZER)) {
      patchWithConflictRetry(original, r -> r.addFinalizer(FINALIZER));
      return new Pass(Result.FINALIZER_ADDED, Optional.empty(), "finalizer added");
    }
    return reconcile(original, attempt);
  }

  private Pass reconcile(R original, int attempt) {
    R copy = clone(original);
    DriverContext<R> context = new DriverContext<>(client, copy, attempt);
    UpdateControl<R> control;
    try {
      control = reconciler.get().reconcile(copy, context);
    } catch (Exception e) {
      return failed(copy, original, context, e);
    }
    crashes.endOfPass("the pass of " + name(original));
    if (control.isPatchResource()) patchResource(control.getResource().orElseThrow(), original);
    if (control.isPatchStatus()) patchStatus(control.getResource().orElseThrow(), original);
    return new Pass(Result.RECONCILED, delay(control.getScheduleDelay()), describe(control));
  }

  private Pass failed(R copy, R original, DriverContext<R> context, Exception e) {
    ErrorStatusUpdateControl<R> control;
    try {
      control = reconciler.get().updateErrorStatus(copy, context, e);
    } catch (Exception handlerFailed) {
      return new Pass(
          Result.RETRY, Optional.empty(), "updateErrorStatus threw " + Texts.brief(handlerFailed));
    }
    if (control.isDefaultErrorProcessing()) {
      return new Pass(Result.RETRY, Optional.empty(), "threw " + Texts.brief(e));
    }
    crashes.endOfPass("the error handling of " + name(original));
    control.getResource().ifPresent(r -> patchStatusQuietly(r, original));
    if (control.isNoRetry()) {
      return new Pass(
          Result.NO_RETRY, delay(control.getScheduleDelay()), "threw (no retry) " + Texts.brief(e));
    }
    return new Pass(Result.RETRY, Optional.empty(), "threw " + Texts.brief(e));
  }

  @SuppressWarnings("unchecked")
  private Pass cleanup(R original, int attempt) {
    if (!original.hasFinalizer(FINALIZER)) {
      return new Pass(Result.SKIPPED, Optional.empty(), "deleted, finalizer already gone");
    }
    if (!(reconciler.get() instanceof Cleaner<?> cleaner)) {
      patchWithConflictRetry(original, r -> r.removeFinalizer(FINALIZER));
      return new Pass(Result.FINALIZER_REMOVED, Optional.empty(), "no cleaner");
    }
    R copy = clone(original);
    DeleteControl control;
    try {
      control = ((Cleaner<R>) cleaner).cleanup(copy, new DriverContext<>(client, copy, attempt));
    } catch (Exception e) {
      // JOSDK has no error-status hook for cleanup: it only retries.
      return new Pass(Result.RETRY, Optional.empty(), "cleanup threw " + Texts.brief(e));
    }
    crashes.endOfPass("the cleanup of " + name(original));
    if (control.isRemoveFinalizer()) {
      patchWithConflictRetry(original, r -> r.removeFinalizer(FINALIZER));
      return new Pass(Result.FINALIZER_REMOVED, Optional.empty(), "finalizer removed");
    }
    return new Pass(Result.CLEANUP_PENDING, delay(control.getScheduleDelay()), "cleanup pending");
  }

  /**
   * JOSDK's non-SSA status patch: a JSON patch from the resource the pass started from to the one
   * it returned, without optimistic locking.
   */
  private void patchStatus(R updated, R original) {
    R base = clone(original);
    base.getMetadata().setResourceVersion(null);
    String version = updated.getMetadata().getResourceVersion();
    updated.getMetadata().setResourceVersion(null);
    try {
      client
          .resources(type)
          .inNamespace(namespace(original))
          .resource(base)
          .editStatus(r -> updated);
    } finally {
      updated.getMetadata().setResourceVersion(version);
    }
  }

  /** JOSDK's non-SSA resource patch: a JSON patch from the original to the returned resource. */
  private void patchResource(R updated, R original) {
    client.resources(type).inNamespace(namespace(original)).resource(original).edit(r -> updated);
  }

  /** JOSDK logs a failed error-status patch and goes on to retry. */
  private void patchStatusQuietly(R updated, R original) {
    try {
      patchStatus(updated, original);
    } catch (KubernetesClientException e) {
      // As JOSDK: logged there, nothing else.
    }
  }

  /** JOSDK's conflictRetryingPatch for finalizers: edit, and on 409/422 read again and retry. */
  private void patchWithConflictRetry(R original, Function<R, Boolean> change) {
    R current = original;
    for (int attempt = 1; ; attempt++) {
      R modified = clone(current);
      if (Boolean.FALSE.equals(change.apply(modified))) return;
      try {
        R base = current;
        client.resources(type).inNamespace(namespace(original)).resource(base).edit(r -> modified);
        return;
      } catch (KubernetesClientException e) {
        boolean conflict = e.getCode() == 409 || e.getCode() == 422;
        if (!conflict || attempt >= CONFLICT_RETRIES) throw e;
        current =
            client.resources(type).inNamespace(namespace(original)).withName(name(original)).get();
        if (current == null) return;
      }
    }
  }

  private R clone(R resource) {
    return client.getKubernetesSerialization().clone(resource);
  }

  private static Optional<Duration> delay(Optional<Long> millis) {
    return millis.map(Duration::ofMillis);
  }

  private static String describe(UpdateControl<?> control) {
    String what = control.isPatchStatus() ? "status patched" : "no update";
    return control.getScheduleDelay().map(d -> what + ", again in " + d + " ms").orElse(what);
  }

  private static String namespace(CustomResource<?, ?> r) {
    return r.getMetadata().getNamespace();
  }

  private static String name(CustomResource<?, ?> r) {
    return r.getMetadata().getName();
  }
}
