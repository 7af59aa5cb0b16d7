package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.NotificationSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the HTTP request of one delivery: the body from {@link Payloads}, the URL and credentials
 * from Secrets. It also returns every credential it read (and the secret parts of a URL), so the
 * error of a failed attempt can be cleaned of them whatever the server or the JDK put in it.
 */
final class NotifierRequests {
  /** A request ready to send and the values that must never leave the delivery. */
  record Prepared(HttpRequest request, List<String> secrets) {}

  private final NotifierSecrets secrets;
  private final Duration timeout;

  NotifierRequests(NotifierSecrets secrets, Duration timeout) {
    this.secrets = secrets;
    this.timeout = timeout;
  }

  Prepared prepare(NotificationSpec spec, Notice notice) throws DeliveryFailure {
    String namespace = notice.namespace();
    List<String> hidden = new ArrayList<>();
    if (spec.mackerel != null) return mackerel(namespace, spec.mackerel, notice, hidden);
    if (spec.slack != null) {
      URI url = secretUrl(namespace, spec.slack.webhookSecretRef, hidden);
      return new Prepared(post(url, Payloads.slack(notice)).build(), hidden);
    }
    if (spec.webhook != null) return webhook(namespace, spec.webhook, notice, hidden);
    throw new DeliveryFailure("notifier " + spec.name + " has no type", false);
  }

  private Prepared mackerel(
      String namespace, NotificationSpec.Mackerel spec, Notice notice, List<String> hidden)
      throws DeliveryFailure {
    String apiKey = secrets.value(namespace, spec.apiKeySecretRef);
    hidden.add(apiKey);
    String base = spec.baseUrl == null ? NotificationSpec.Mackerel.DEFAULT_BASE_URL : spec.baseUrl;
    URI url = URI.create(stripTrailingSlash(base) + "/api/v0/graph-annotations");
    HttpRequest.Builder request = post(url, Payloads.mackerel(notice, spec));
    header(request, "X-Api-Key", apiKey, "mackerel.apiKeySecretRef");
    return new Prepared(request.build(), hidden);
  }

  private Prepared webhook(
      String namespace, NotificationSpec.Webhook spec, Notice notice, List<String> hidden)
      throws DeliveryFailure {
    URI url = secretUrl(namespace, spec.urlSecretRef, hidden);
    HttpRequest.Builder request =
        post(url, Payloads.webhook(notice))
            .header("X-Slipway-Event", notice.event().name())
            .header("X-Slipway-Delivery", notice.id());
    if (spec.headersSecretRef != null) {
      Map<String, String> headers = secrets.all(namespace, spec.headersSecretRef);
      hidden.addAll(headers.values());
      String from = "Secret " + namespace + "/" + spec.headersSecretRef.name;
      for (Map.Entry<String, String> h : headers.entrySet()) {
        header(request, h.getKey(), h.getValue(), from);
      }
    }
    return new Prepared(request.build(), hidden);
  }

  private HttpRequest.Builder post(URI url, String body) {
    return HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "slipway")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /**
   * A URL kept in a Secret. Its path, query and user info are credentials (a Slack webhook's path
   * is its token), so they join the hidden values, and a malformed one is reported by Secret and
   * key only: URISyntaxException would quote it.
   */
  private URI secretUrl(String namespace, NotificationSpec.SecretKeyRef ref, List<String> hidden)
      throws DeliveryFailure {
    String value = secrets.value(namespace, ref);
    hidden.add(value);
    URI url;
    try {
      url = new URI(value);
    } catch (URISyntaxException e) {
      throw notAUrl(namespace, ref);
    }
    if (url.getScheme() == null
        || !(url.getScheme().equalsIgnoreCase("https") || url.getScheme().equalsIgnoreCase("http"))
        || url.getHost() == null) {
      throw notAUrl(namespace, ref);
    }
    for (String part : new String[] {url.getRawPath(), url.getRawQuery(), url.getRawUserInfo()}) {
      if (part != null && !part.equals("/")) hidden.add(part);
    }
    return url;
  }

  private static DeliveryFailure notAUrl(String namespace, NotificationSpec.SecretKeyRef ref) {
    return new DeliveryFailure(
        "Secret " + namespace + "/" + ref.name + " key " + ref.key + " is not an http(s) URL",
        false);
  }

  /** JDK refuses some names (Host, Content-Length, …) and malformed ones; say which, not why. */
  private static void header(HttpRequest.Builder request, String name, String value, String from)
      throws DeliveryFailure {
    try {
      request.setHeader(name, value);
    } catch (IllegalArgumentException e) {
      throw new DeliveryFailure(from + ": " + name + " cannot be sent as an HTTP header", false);
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
