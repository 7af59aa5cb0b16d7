package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.NotificationSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads notifier credentials from Secrets of the release's namespace, by name only (the chart
 * grants get, never list or watch), at every attempt, so a rotated or newly created Secret is
 * picked up by the next retry. Messages name the Secret and key, never a value.
 */
final class NotifierSecrets {
  private final KubernetesClient client;

  NotifierSecrets(KubernetesClient client) {
    this.client = client;
  }

  /** The value of one key, trimmed (a value written with echo ends in a newline). */
  String value(String namespace, NotificationSpec.SecretKeyRef ref) throws DeliveryFailure {
    String value = decode(secret(namespace, ref.name), ref.key);
    if (value == null || value.isBlank()) {
      throw new DeliveryFailure(
          "Secret " + namespace + "/" + ref.name + " has no key " + ref.key, true);
    }
    return value.strip();
  }

  /** Every key of a Secret with its value. */
  Map<String, String> all(String namespace, NotificationSpec.SecretRef ref) throws DeliveryFailure {
    Secret secret = secret(namespace, ref.name);
    Map<String, String> values = new LinkedHashMap<>();
    if (secret.getStringData() != null) values.putAll(secret.getStringData());
    if (secret.getData() != null)
      secret.getData().keySet().forEach(k -> values.put(k, decode(secret, k)));
    values.replaceAll((k, v) -> v == null ? "" : v.strip());
    return values;
  }

  private Secret secret(String namespace, String name) throws DeliveryFailure {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      // The exception's message carries the API server's URL and answer: only the code is kept.
      throw new DeliveryFailure(
          "cannot read Secret " + namespace + "/" + name + " (HTTP " + e.getCode() + ")", true);
    }
    if (secret == null) {
      throw new DeliveryFailure("Secret " + namespace + "/" + name + " not found", true);
    }
    return secret;
  }

  /** A key from data (base64) or stringData (API servers that do not fold it, like test ones). */
  static String decode(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.containsKey(key) && data.get(key) != null) {
      return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
    }
    Map<String, String> plain = secret.getStringData();
    return plain == null ? null : plain.get(key);
  }
}
