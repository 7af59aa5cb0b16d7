package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * One notifier of a ServiceRelease: where its deploy events are announced (a Mackerel graph
 * annotation, a Slack incoming webhook or a generic JSON webhook) and which events it wants.
 * Credentials are only ever named here; they live in Secrets of the release's namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = NotificationSpec.ONE_TYPE_RULE, message = NotificationSpec.ONE_TYPE_MESSAGE)
public class NotificationSpec {
  /** CEL: exactly one of the notifier types is set (shared with SpecValidator's message). */
  public static final String ONE_TYPE_RULE =
      "(has(self.mackerel) ? 1 : 0) + (has(self.slack) ? 1 : 0) + (has(self.webhook) ? 1 : 0)"
          + " == 1";

  public static final String ONE_TYPE_MESSAGE = "set exactly one of mackerel, slack or webhook";

  /** A notifier name: lower-case letters, digits and '-', like a pre-deploy step's. */
  public static final String NAME_PATTERN = "^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$";

  /** A Secret's name: a DNS subdomain. */
  public static final String SECRET_NAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key of a Secret's data. */
  public static final String SECRET_KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  @JsonPropertyDescription(
      "Name of the notifier, e.g. mackerel or team-slack; lower-case letters, digits and '-', at"
          + " most 32. Unique within notifications; status and the NotificationsDegraded"
          + " condition name notifiers by it.")
  @Required
  @Pattern(NAME_PATTERN)
  @Size(max = 32) // also bounds the CEL cost of the uniqueness rule, which compares names
  public String name;

  // Not called "on": kubectl and Helm read YAML 1.1, where an unquoted on: key is the boolean
  // true, so the field would arrive as "true" and be pruned, silently subscribing to everything.
  @JsonPropertyDescription(
      "The deploy events this notifier is sent: Started, AwaitingPromotion, Succeeded, Failed,"
          + " RolledBack, Aborted. Unset: all of them.")
  @Size(min = 1, max = 6)
  public List<DeployEvent> events;

  @JsonPropertyDescription(
      "Post a Mackerel graph annotation (POST /api/v0/graph-annotations) spanning the release,"
          + " from its start to the event.")
  public Mackerel mackerel;

  @JsonPropertyDescription("Post a message to a Slack incoming webhook.")
  public Slack slack;

  @JsonPropertyDescription(
      "POST a JSON document describing the event to a URL of your own (schema in"
          + " docs/notifications.md).")
  public Webhook webhook;

  /** Whether this notifier wants {@code event}: all events when none are listed. */
  public boolean listensTo(DeployEvent event) {
    return events == null || events.contains(event);
  }

  /** The notifier's type as metrics and messages name it: mackerel, slack or webhook. */
  public String type() {
    if (mackerel != null) return "mackerel";
    if (slack != null) return "slack";
    return webhook != null ? "webhook" : "unknown";
  }

  /** A Mackerel graph annotation on a service (and optionally some of its roles). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Mackerel {
    /** Where Mackerel's API answers unless baseUrl says otherwise. */
    public static final String DEFAULT_BASE_URL = "https://api.mackerelio.com";

    @JsonPropertyDescription("The Mackerel service the annotation belongs to, e.g. bookmark.")
    @Required
    @Pattern("^[A-Za-z0-9_-]{1,63}$")
    public String service;

    @JsonPropertyDescription(
        "Roles of the service to annotate, e.g. [web, api]. Unset: the annotation belongs to the"
            + " whole service. At most 20.")
    @Size(max = 20)
    public List<@Pattern("^[A-Za-z0-9_-]{1,63}$") String> roles;

    @JsonPropertyDescription(
        "The Secret key holding a Mackerel API key with write permission (sent as X-Api-Key).")
    @Required
    public SecretKeyRef apiKeySecretRef;

    @JsonPropertyDescription("Mackerel's API endpoint. Default https://api.mackerelio.com.")
    @Pattern("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")
    @Size(max = 255)
    public String baseUrl;
  }

  /** A Slack incoming webhook. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Slack {
    @JsonPropertyDescription(
        "The Secret key holding the incoming webhook's URL (https://hooks.slack.com/services/…)."
            + " The URL is itself the credential, so it is never shown, logged or written to"
            + " status.")
    @Required
    public SecretKeyRef webhookSecretRef;
  }

  /** A generic JSON webhook. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Webhook {
    @JsonPropertyDescription(
        "The Secret key holding the URL to POST to. Treated as a credential: never shown.")
    @Required
    public SecretKeyRef urlSecretRef;

    @JsonPropertyDescription(
        "A Secret whose every key is sent as an HTTP header with its value, e.g. Authorization.")
    public SecretRef headersSecretRef;
  }

  /** One key of a Secret in the release's namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretKeyRef {
    @JsonPropertyDescription("Name of a Secret in the ServiceRelease's namespace.")
    @Required
    @Pattern(SECRET_NAME_PATTERN)
    @Size(max = 253)
    public String name;

    @JsonPropertyDescription("The key of the Secret's data that holds the value.")
    @Required
    @Pattern(SECRET_KEY_PATTERN)
    @Size(max = 253)
    public String key;
  }

  /** A whole Secret in the release's namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretRef {
    @JsonPropertyDescription("Name of a Secret in the ServiceRelease's namespace.")
    @Required
    @Pattern(SECRET_NAME_PATTERN)
    @Size(max = 253)
    public String name;
  }
}
