package dev.slipway.notifications;

import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two corners of the Kubernetes API the notifiers use, on a {@link RecordingEndpoint}: reading
 * a Secret by name and creating Events, so unit tests need no API server.
 */
final class FakeKube {
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  private final List<Event> events = new ArrayList<>();
  private final KubernetesClient client;

  FakeKube(RecordingEndpoint endpoint) {
    endpoint.handle("/api/", this::serve);
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(endpoint.url("/"))
            .withRequestRetryBackoffLimit(0)
            .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
  }

  KubernetesClient client() {
    return client;
  }

  void secret(String name, Map<String, String> values) {
    SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).endMetadata();
    values.forEach(
        (k, v) ->
            secret.addToData(
                k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    secrets.put(name, secret.build());
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/"); // "", api, v1, namespaces, ns, kind, name
    if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/events")) {
      Event event =
          Serialization.unmarshal(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
              Event.class);
      synchronized (this) {
        events.add(event);
      }
      answer(exchange, 201, Serialization.asJson(event));
      return;
    }
    if (parts.length == 7 && parts[5].equals("secrets") && secrets.containsKey(parts[6])) {
      answer(exchange, 200, Serialization.asJson(secrets.get(parts[6])));
      return;
    }
    answer(
        exchange,
        404,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
            + "\"code\":404}");
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
