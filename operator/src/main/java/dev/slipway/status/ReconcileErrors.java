package dev.slipway.status;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsUnavailableException;
import dev.slipway.datastore.DatastoreException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both controllers do when a pass throws: name the kind of failure (a database or AWS that
 * does not answer, the Kubernetes API, or an unexpected error), count it, record one Warning Event
 * per episode, mark the resource Degraded with that reason and log it. JOSDK then retries with
 * backoff; the phase stays what the last finished pass said.
 */
public final class ReconcileErrors {
  private static final Logger log = LoggerFactory.getLogger(ReconcileErrors.class);

  private final EventRecorder events;
  private final FleetMetrics metrics;
  private final Clock clock;

  public ReconcileErrors(EventRecorder events, FleetMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A failure's condition reason and the sentence status shows for it. */
  public record Classified(String reason, String message) {}

  /**
   * Records the failed pass on {@code conditions} (the resource's working status copy) and returns
   * the message for the status.
   */
  public String record(
      HasMetadata resource, List<Condition> conditions, String controller, Exception e) {
    Classified failure = classify(e);
    metrics.reconcileError(controller);
    if (StatusControls.newReconcileError(conditions)) {
      events.warning(resource, failure.reason(), failure.message());
    }
    ConditionContract.retrying(
        conditions,
        failure.reason(),
        failure.message(),
        resource.getMetadata().getGeneration(),
        clock.instant());
    log.warn(
        "{}/{}: {}",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        failure.message());
    return failure.message();
  }

  /**
   * Names what failed. Slipway's own exceptions carry sentences meant for people, so those are
   * shown as they are; anything else is an unexpected error and keeps its type for the bug report.
   */
  public static Classified classify(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DatastoreException d && d.unavailable()) {
        return new Classified(
            "DatabaseUnavailable",
            "a datastore does not answer, retrying: " + oneLine(d.getMessage()));
      }
      if (t instanceof DatastoreException d) {
        return new Classified(
            "DatabaseError",
            "a datastore refused a statement, retrying: " + oneLine(d.getMessage()));
      }
      if (t instanceof AwsUnavailableException) {
        return new Classified("AwsUnavailable", "retrying: " + oneLine(t.getMessage()));
      }
      if (AwsErrors.isRetryable(t) && AwsErrors.errorCode(t) != null) {
        return new Classified(
            "AwsUnavailable", "AWS keeps failing, retrying: " + oneLine(t.getMessage()));
      }
      if (t instanceof KubernetesClientException k) {
        return new Classified(
            "KubernetesApiError",
            "the Kubernetes API refused or failed a request (HTTP "
                + k.getCode()
                + "), retrying: "
                + oneLine(k.getMessage()));
      }
    }
    return new Classified("ReconcileError", oneLine(StatusControls.reconcileError(e)));
  }

  /**
   * The cause of a blocked step in a sentence: a classified failure as above, else the innermost
   * message (Slipway's own exceptions say what is missing, e.g. a Secret).
   */
  public static String describe(Throwable e) {
    Classified classified = classify(e);
    if (!"ReconcileError".equals(classified.reason())) return classified.message();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : oneLine(root.getMessage());
  }

  /** AWS request ids differ on every attempt; status would change on every retry with them. */
  private static final Pattern REQUEST_ID = Pattern.compile(",? ?(Extended )?Request ID: [^,)]*");

  private static String oneLine(String message) {
    if (message == null) return "";
    String line = REQUEST_ID.matcher(message.replace('\n', ' ')).replaceAll("");
    return line.length() > 400 ? line.substring(0, 400) + "…" : line;
  }
}
