package dev.slipway.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.api.v1alpha1.NotificationSpec;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The request bodies of the three notifier types, rendered purely from a {@link Notice}: a Mackerel
 * graph annotation, a Slack incoming-webhook message and Slipway's own webhook document (schema in
 * docs/notifications.md). No credential is ever part of a body.
 */
public final class Payloads {
  /** Mackerel refuses a title over 250 characters and a description over 1024. */
  static final int MACKEREL_TITLE_MAX = 250;

  static final int MACKEREL_DESCRIPTION_MAX = 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {}

  /** "deploy bookmark-web rev 42 Succeeded": the headline every notifier type uses. */
  public static String title(Notice n) {
    return "deploy "
        + n.name()
        + (n.revision() == null ? "" : " rev " + n.revision())
        + " "
        + n.event().name();
  }

  /** One line for a Kubernetes Event or a log: the headline, images and what happened. */
  public static String summary(Notice n) {
    return title(n) + " (" + images(n.images()) + "): " + n.reason() + ": " + n.message();
  }

  /**
   * POST /api/v0/graph-annotations: {title, description, from, to, service, roles}, times in epoch
   * seconds, the annotation spanning the release from its start to this event. Roles are left out
   * when none are given, which annotates the whole service.
   */
  public static String mackerel(Notice n, NotificationSpec.Mackerel spec) {
    long to = n.at().getEpochSecond();
    long from = Math.min(n.startedAt().getEpochSecond(), to); // Mackerel refuses from > to
    ObjectNode body = JSON.createObjectNode();
    body.put("title", truncate(title(n), MACKEREL_TITLE_MAX));
    body.put("description", truncate(description(n), MACKEREL_DESCRIPTION_MAX));
    body.put("from", from);
    body.put("to", to);
    body.put("service", spec.service);
    if (spec.roles != null && !spec.roles.isEmpty()) {
      ArrayNode roles = body.putArray("roles");
      spec.roles.forEach(roles::add);
    }
    return body.toString();
  }

  /** The annotation's details: who, which revision and images, the phase and the message. */
  static String description(Notice n) {
    return "ServiceRelease "
        + n.namespace()
        + "/"
        + n.name()
        + ", generation "
        + n.generation()
        + "\nphase: "
        + n.phase()
        + " ("
        + n.reason()
        + ")\nrevision: "
        + (n.taskDefinitionArn() == null ? "unknown" : n.taskDefinitionArn())
        + "\nimages: "
        + images(n.images())
        + "\n"
        + n.message();
  }

  /**
   * An incoming-webhook message: {"text": …} in Slack's mrkdwn, with &amp;, &lt; and &gt; escaped
   * as Slack asks, so a message cannot turn into a link or a mention.
   */
  public static String slack(Notice n) {
    String text =
        "*"
            + slackEscape(title(n))
            + "* ("
            + slackEscape(n.namespace() + "/" + n.name())
            + ", generation "
            + n.generation()
            + ")\nimages: "
            + slackEscape(images(n.images()))
            + "\n"
            + slackEscape(n.reason() + ": " + n.message());
    ObjectNode body = JSON.createObjectNode();
    body.put("text", text);
    return body.toString();
  }

  /** Slipway's webhook document; every field is always present (null when unknown). */
  public static String webhook(Notice n) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", n.id());
    body.put("event", n.event().name());
    ObjectNode release = body.putObject("release");
    release.put("namespace", n.namespace());
    release.put("name", n.name());
    release.put("uid", n.uid());
    release.put("generation", n.generation());
    body.put("specHash", n.specHash());
    body.put("revision", n.revision());
    body.put("taskDefinitionArn", n.taskDefinitionArn());
    ObjectNode images = body.putObject("images");
    n.images().forEach(images::put);
    body.put("phase", n.phase());
    body.put("reason", n.reason());
    body.put("message", n.message());
    body.put("startedAt", text(n.startedAt()));
    body.put("at", text(n.at()));
    return body.toString();
  }

  static String images(Map<String, String> images) {
    return images.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String slackEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
