package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names list responses as kube-apiserver does ({@code EventList}, {@code ServiceReleaseList}). The
 * CRUD mock answers every list with {@code kind: List}, and typed clients decode that into an empty
 * list of the type they asked for: kubectl describe printed {@code Events: <none>}.
 */
final class ListKinds {
  /** A collection path: core or group API, optionally namespaced, ending in the plural. */
  private static final Pattern COLLECTION =
      Pattern.compile("^/(?:api/(v1)|apis/([^/]+/[^/]+))(?:/namespaces/[^/]+)?/([^/]+)$");

  private final ApiDiscovery discovery;

  ListKinds(ApiDiscovery discovery) {
    this.discovery = discovery;
  }

  /** True for the mock's generic list body, the only shape this class rewrites. */
  static boolean isGenericList(JsonNode body) {
    return body.isObject() && "List".equals(body.path("kind").asText()) && body.has("items");
  }

  /** Sets {@code kind} and {@code apiVersion} of a list read from {@code path}, if known. */
  void name(ObjectNode list, String path) {
    Matcher m = COLLECTION.matcher(path);
    if (!m.matches()) {
      return;
    }
    String groupVersion = m.group(1) != null ? m.group(1) : m.group(2);
    discovery
        .kindOf(groupVersion, m.group(3))
        .ifPresent(kind -> list.put("kind", kind + "List").put("apiVersion", groupVersion));
  }
}
