package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * One deploy event Slipway announced for a release, kept in status so it is announced once per
 * release attempt, also across operator restarts, and how each notifier took it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotificationRecord {
  @JsonPropertyDescription(
      "The deploy event: Started, AwaitingPromotion, Succeeded, Failed, RolledBack or Aborted.")
  public DeployEvent event;

  @JsonPropertyDescription("The spec hash of the release attempt it belongs to.")
  public String specHash;

  @JsonPropertyDescription(
      "The slipway.dev/retry annotation value of the attempt, when it was a retry; a retried"
          + " release is announced again.")
  public String retry;

  @JsonPropertyDescription("metadata.generation when the event happened.")
  public Long generation;

  @JsonPropertyDescription("The release's phase the event reported, e.g. Ready.")
  public String phase;

  @JsonPropertyDescription("The reason the event reported, e.g. Released or PreDeployFailed.")
  public String reason;

  @JsonPropertyDescription("The message the event reported.")
  public String message;

  @JsonPropertyDescription("When the event happened (RFC 3339).")
  public String at;

  @JsonPropertyDescription("One entry per notifier the event was sent to.")
  public List<Delivery> deliveries = new ArrayList<>();

  /** How one notifier took one event. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Delivery {
    @JsonPropertyDescription("The notifier's name (spec.notifications[].name).")
    public String notifier;

    @JsonPropertyDescription("mackerel, slack or webhook.")
    public String type;

    @JsonPropertyDescription(
        "Pending (being sent or retried), Delivered, Failed (every attempt failed; see error) or"
            + " Expired (not sent: the release moved on to another spec, or the notifier was"
            + " removed, before an interrupted delivery could be resumed).")
    public String state;

    @JsonPropertyDescription("Requests made so far.")
    public Integer attempts;

    @JsonPropertyDescription(
        "Why the last attempt failed, with URLs and credentials removed, e.g. HTTP 500.")
    public String error;

    @JsonPropertyDescription("When it was delivered or given up (RFC 3339).")
    public String finishedAt;
  }
}
