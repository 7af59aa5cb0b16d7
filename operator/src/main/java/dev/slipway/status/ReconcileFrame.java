package dev.slipway.status;

import dev.slipway.api.v1alpha1.ReconciledStatus;
import dev.slipway.aws.AwsRateLimitedException;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.MDC;

/**
 * What every pass of either controller does around its own steps, in one place: the logging
 * context, the pass counter, working on a copy of the status and patching it only when it changed,
 * requeueing a pass the client-side rate limiter refused, and the status of a pass that threw.
 *
 * @param <R> the resource kind
 * @param <S> its status
 */
public final class ReconcileFrame<R extends CustomResource<?, S>, S extends ReconciledStatus> {
  /** The kind's own steps: mutate the working copy of status; return when to look again. */
  @FunctionalInterface
  public interface Pass<R, S> {
    Duration run(R resource, S status, S previous);
  }

  private final String controller;
  private final FleetMetrics metrics;
  private final ReconcileErrors errors;
  private final Clock clock;
  private final Supplier<S> empty;
  private final UnaryOperator<S> copy;

  public ReconcileFrame(
      String controller,
      FleetMetrics metrics,
      ReconcileErrors errors,
      Clock clock,
      Supplier<S> empty,
      UnaryOperator<S> copy) {
    this.controller = controller;
    this.metrics = metrics;
    this.errors = errors;
    this.clock = clock;
    this.empty = empty;
    this.copy = copy;
  }

  /** Runs one pass of {@code pass} on {@code resource}. */
  public UpdateControl<R> reconcile(R resource, Pass<R, S> pass) {
    MDC.put("resource", id(resource));
    metrics.reconciled(controller);
    try {
      S previous = resource.getStatus() == null ? empty.get() : resource.getStatus();
      S status = copy.apply(previous);
      Duration recheck;
      try {
        recheck = pass.run(resource, status, previous);
      } catch (AwsRateLimitedException e) {
        recheck = rateLimited(resource, status, e);
      }
      return StatusControls.patchIfChanged(resource, status, previous, recheck);
    } finally {
      MDC.remove("resource");
    }
  }

  /** The status of a pass that threw; JOSDK retries it with backoff. */
  public ErrorStatusUpdateControl<R> errorStatus(R resource, Exception e) {
    if (StatusControls.interruptedByShutdown(e)) return ErrorStatusUpdateControl.noStatusUpdate();
    S status = resource.getStatus() == null ? empty.get() : copy.apply(resource.getStatus());
    status.startPhaseIfUnset();
    if (Conditions.find(status.conditions(), Conditions.READY).isEmpty()) {
      // No pass has finished yet: the failure is all there is to say, on every condition.
      ReconcileErrors.Classified failure = ReconcileErrors.classify(e);
      ConditionContract.apply(
          status.conditions(),
          status.phaseName(),
          failure.reason(),
          failure.message(),
          resource.getMetadata().getGeneration(),
          clock.instant());
    }
    status.message(errors.record(resource, status.conditions(), controller, e));
    resource.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  /**
   * The client-side limiter said AWS would throttle this call: waiting for a token would park the
   * thread while other resources need polling, so the pass comes back when the token will be there
   * (with jitter, so requeued passes do not stampede). Every step is idempotent, so the pass starts
   * over; what it recorded before the refusal is kept.
   */
  private Duration rateLimited(R resource, S status, AwsRateLimitedException e) {
    String message =
        "waiting for AWS API capacity ("
            + e.bucket()
            + ", about "
            + e.waitTime().toSeconds()
            + " s)";
    status.startPhaseIfUnset();
    status.message(message);
    Conditions.set(
        status.conditions(),
        Conditions.PROGRESSING,
        true,
        "RateLimited",
        message,
        resource.getMetadata().getGeneration(),
        clock.instant());
    return requeueAfter(e);
  }

  /** When a rate-limited pass should run again: when the token is due, plus jitter. */
  public static Duration requeueAfter(AwsRateLimitedException e) {
    return e.waitTime().plusMillis(ThreadLocalRandom.current().nextLong(250, 1000));
  }

  static String id(CustomResource<?, ?> resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
