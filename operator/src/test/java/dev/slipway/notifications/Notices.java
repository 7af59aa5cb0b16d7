package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Notices and notifier specs for the notification tests. */
final class Notices {
  static final Instant STARTED = Instant.parse("2025-03-04T05:06:07Z");
  static final Instant AT = Instant.parse("2025-03-04T05:10:37.250Z");

  private Notices() {}

  static Notice succeeded() {
    return notice(DeployEvent.Succeeded, "Ready", "Released", "rolled out bookmark-web:42: 4/4");
  }

  static Notice notice(DeployEvent event, String phase, String reason, String message) {
    return new Notice(
        "3b7d1c2e-0000-3000-8000-000000000000",
        event,
        "default",
        "bookmark-web",
        "uid-1",
        7L,
        "0123456789abcdef",
        42,
        "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/bookmark-web:42",
        Map.of("app", "repo/app:v2"),
        phase,
        reason,
        message,
        STARTED,
        AT);
  }

  static NotificationSpec mackerel(String name, String baseUrl, String secret) {
    NotificationSpec n = new NotificationSpec();
    n.name = name;
    n.mackerel = new NotificationSpec.Mackerel();
    n.mackerel.service = "bookmark";
    n.mackerel.roles = List.of("web", "api");
    n.mackerel.baseUrl = baseUrl;
    n.mackerel.apiKeySecretRef = ref(secret, "apiKey");
    return n;
  }

  static NotificationSpec slack(String name, String secret) {
    NotificationSpec n = new NotificationSpec();
    n.name = name;
    n.slack = new NotificationSpec.Slack();
    n.slack.webhookSecretRef = ref(secret, "url");
    return n;
  }

  static NotificationSpec webhook(String name, String secret, String headersSecret) {
    NotificationSpec n = new NotificationSpec();
    n.name = name;
    n.webhook = new NotificationSpec.Webhook();
    n.webhook.urlSecretRef = ref(secret, "url");
    if (headersSecret != null) {
      n.webhook.headersSecretRef = new NotificationSpec.SecretRef();
      n.webhook.headersSecretRef.name = headersSecret;
    }
    return n;
  }

  static NotificationSpec.SecretKeyRef ref(String name, String key) {
    NotificationSpec.SecretKeyRef ref = new NotificationSpec.SecretKeyRef();
    ref.name = name;
    ref.key = key;
    return ref;
  }
}
