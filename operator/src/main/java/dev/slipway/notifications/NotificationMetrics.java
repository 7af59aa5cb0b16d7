package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.DeployEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The notifiers' Micrometer meters (names documented in docs/observability.md). Labels are the
 * notifier type, the event and the result: never a notifier's name, URL or Secret, so the number of
 * series stays small and nothing secret reaches Prometheus.
 */
final class NotificationMetrics {
  static final String NOTIFICATIONS = "slipway.notifications";
  static final String ATTEMPTS = "slipway.notification.attempts";

  static final String DELIVERED = "delivered";
  static final String FAILED = "failed";
  static final String DROPPED = "dropped";
  static final String EXPIRED = "expired";

  private final MeterRegistry registry;

  NotificationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One event to one notifier ended: delivered, failed (every attempt), dropped or expired. */
  void delivery(String type, DeployEvent event, String result) {
    Counter.builder(NOTIFICATIONS)
        .description(
            "Deploy events sent to notifiers by notifier type, event and result (delivered,"
                + " failed after every retry, dropped because the queue was full, expired)")
        .tags("notifier_type", type, "event", event.name(), "result", result)
        .register(registry)
        .increment();
  }

  /** One request made: success or error. */
  void attempt(String type, boolean success) {
    Counter.builder(ATTEMPTS)
        .description("Requests made to notifiers, retries included, by notifier type and outcome")
        .tags("notifier_type", type, "outcome", success ? "success" : "error")
        .register(registry)
        .increment();
  }
}
