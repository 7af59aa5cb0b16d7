package dev.slipway.status;

import dev.slipway.api.v1alpha1.ReconciledStatus;
import dev.slipway.aws.AwsRateLimitedException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * How either kind is deleted, so every object can be: the teardown runs pass by pass while phase
 * Deleting says what it waits for; a step that cannot proceed (a database that does not answer, AWS
 * refusing) is reported as TeardownBlocked with the cause and retried with backoff; and the
 * annotation {@value #ABANDON_ANNOTATION} releases the finalizer on purpose, listing in an Event
 * and the log exactly what is left behind.
 */
public final class DeletionFrame<R extends CustomResource<?, S>, S extends ReconciledStatus> {
  public static final String ABANDON_ANNOTATION = "slipway.dev/abandon";

  private static final Logger log = LoggerFactory.getLogger(DeletionFrame.class);

  /** A kind's teardown. */
  public interface Teardown<R> {
    /** One pass: empty when everything is gone, else what it waits for; throws when blocked. */
    Optional<String> run(R resource);

    /** What a release of the finalizer now leaves behind, for people; best effort. */
    List<String> leftBehind(R resource);

    /** The resource is being abandoned: e.g. mark its children for abandoning too. */
    default void abandon(R resource) {}

    /** The teardown finished and the finalizer goes. */
    default void deleted(R resource) {}
  }

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Class<R> type;
  private final Supplier<S> empty;
  private final Clock clock;
  private final Duration poll;
  private final Backoff backoff;
  private final Map<String, Integer> blockedPasses = new ConcurrentHashMap<>();

  public DeletionFrame(
      KubernetesClient client,
      EventRecorder events,
      Class<R> type,
      Supplier<S> empty,
      Clock clock,
      Duration poll,
      Backoff backoff) {
    this.client = client;
    this.events = events;
    this.type = type;
    this.empty = empty;
    this.clock = clock;
    this.poll = poll;
    this.backoff = backoff;
  }

  /** One deletion pass over {@code resource}. */
  public DeleteControl cleanup(R resource, Teardown<R> teardown) {
    MDC.put("resource", ReconcileFrame.id(resource));
    try {
      if (abandoned(resource)) return abandon(resource, teardown);
      Optional<String> waiting = teardown.run(resource);
      blockedPasses.remove(uid(resource));
      if (waiting.isEmpty()) {
        teardown.deleted(resource);
        return DeleteControl.defaultDelete();
      }
      markDeleting(resource, "TearingDown", waiting.get());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(poll.toMillis());
    } catch (AwsRateLimitedException e) {
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(ReconcileFrame.requeueAfter(e).toMillis());
    } catch (RuntimeException e) {
      if (StatusControls.interruptedByShutdown(e)) throw e;
      return blocked(resource, e);
    } finally {
      MDC.remove("resource");
    }
  }

  /**
   * Annotates {@code resource} for abandoning: a parent released on purpose releases its children
   * the same way, and each lists what it leaves. A resource already gone is fine.
   */
  public static <T extends HasMetadata> void requestAbandon(KubernetesClient client, T resource) {
    try {
      client
          .resource(resource)
          .edit(
              fresh -> {
                Map<String, String> annotations = new TreeMap<>();
                if (fresh.getMetadata().getAnnotations() != null) {
                  annotations.putAll(fresh.getMetadata().getAnnotations());
                }
                annotations.put(ABANDON_ANNOTATION, "true");
                fresh.getMetadata().setAnnotations(annotations);
                return fresh;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
    }
  }

  /** Whether a person asked for the finalizer to go without the teardown. */
  public static boolean abandoned(CustomResource<?, ?> resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(ABANDON_ANNOTATION));
  }

  private DeleteControl abandon(R resource, Teardown<R> teardown) {
    List<String> left;
    try {
      left = teardown.leftBehind(resource);
    } catch (RuntimeException e) {
      left = List.of("(could not list what is left: " + e.getMessage() + ")");
    }
    teardown.abandon(resource);
    String message =
        "finalizer released by "
            + ABANDON_ANNOTATION
            + "=true; "
            + (left.isEmpty()
                ? "nothing Slipway made is left behind"
                : "left behind: " + String.join("; ", left));
    events.warning(resource, "Abandoned", message);
    log.warn("{} abandoned: {}", ReconcileFrame.id(resource), message);
    blockedPasses.remove(uid(resource));
    return DeleteControl.defaultDelete();
  }

  /**
   * A step cannot proceed: say so with the cause, and look again later, waiting twice as long each
   * time so a database that is down for hours is not hammered, but never longer than the operator's
   * retry cap: once the cause is gone the teardown finishes within it.
   */
  private DeleteControl blocked(R resource, RuntimeException e) {
    String message =
        (e instanceof TeardownBlockedException ? e.getMessage() : ReconcileErrors.describe(e))
            + "; it is retried, or annotate "
            + ABANDON_ANNOTATION
            + "=true to leave what is left";
    int passes = blockedPasses.merge(uid(resource), 1, Integer::sum);
    if (passes == 1) {
      events.warning(resource, "TeardownBlocked", message);
      log.warn("{} teardown blocked: {}", ReconcileFrame.id(resource), message);
    }
    markDeleting(resource, "TeardownBlocked", message);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(backoff.jittered(passes).toMillis());
  }

  /**
   * Best effort: kubectl shows Deleting, the reason and what is awaited while the finalizer holds.
   */
  private void markDeleting(R resource, String reason, String message) {
    S current = resource.getStatus();
    if (current != null
        && "Deleting".equals(current.phaseName())
        && Conditions.find(current.conditions(), Conditions.READY)
            .map(c -> reason.equals(c.getReason()) && Objects.equals(message, c.getMessage()))
            .orElse(false)) {
      return;
    }
    try {
      client
          .resources(type)
          .inNamespace(resource.getMetadata().getNamespace())
          .withName(resource.getMetadata().getName())
          .editStatus(
              fresh -> {
                if (fresh.getStatus() == null) fresh.setStatus(empty.get());
                S status = fresh.getStatus();
                status.deleting();
                status.message(message);
                ConditionContract.apply(
                    status.conditions(),
                    "Deleting",
                    reason,
                    message,
                    fresh.getMetadata().getGeneration(),
                    clock.instant());
                return fresh;
              });
    } catch (KubernetesClientException e) {
      log.debug("could not mark {} Deleting: {}", ReconcileFrame.id(resource), e.getMessage());
    }
  }

  private static String uid(CustomResource<?, ?> resource) {
    return resource.getMetadata().getUid();
  }

  /** A teardown step that cannot proceed, saying what it was about to do. */
  public static final class TeardownBlockedException extends RuntimeException {
    public TeardownBlockedException(String waitingFor, Throwable cause) {
      super(
          "waiting to "
              + waitingFor
              + ": "
              + (cause == null ? "" : ReconcileErrors.describe(cause)),
          cause);
    }

    public TeardownBlockedException(String waitingFor) {
      super("waiting to " + waitingFor);
    }
  }
}
