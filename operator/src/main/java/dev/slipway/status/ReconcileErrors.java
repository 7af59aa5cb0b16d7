package dev.slipway.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both controllers do when a pass throws: count it, record one Warning Event per episode, mark
 * the resource Degraded with reason ReconcileError and log it. JOSDK then retries with backoff.
 */
public final class ReconcileErrors {
  private static final Logger log = LoggerFactory.getLogger(ReconcileErrors.class);
  private static final String REASON = "ReconcileError";

  private final EventRecorder events;
  private final FleetMetrics metrics;
  private final Clock clock;

  public ReconcileErrors(EventRecorder events, FleetMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Records the failed pass on {@code conditions} (the resource's working status copy) and returns
   * the message for the status.
   */
  public String record(
      HasMetadata resource, List<Condition> conditions, String controller, Exception e) {
    String message = StatusControls.reconcileError(e);
    metrics.reconcileError(controller);
    if (StatusControls.newReconcileError(conditions)) events.warning(resource, REASON, message);
    Conditions.set(
        conditions,
        Conditions.DEGRADED,
        true,
        REASON,
        message,
        resource.getMetadata().getGeneration(),
        clock.instant());
    log.warn(
        "{}/{}: {}",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        message);
    return message;
  }
}
