package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Rewrites write requests into the subset of the API the CRUD mock implements correctly. */
final class WriteRewriter {
  private static final Pattern SECRET_PATH =
      Pattern.compile("/api/v1/namespaces/[^/]+/secrets(/[^/]+)?");

  private WriteRewriter() {}

  static ApiRequest rewrite(ApiRequest request) {
    // kubectl adds fieldManager and fieldValidation; the mock folds unknown query parameters into
    // the resource key and then finds nothing.
    ApiRequest bare = request.keepingOnly(Set.of());
    if (bare.body().isBlank() || bare.method() == HttpMethod.DELETE) {
      return bare;
    }
    JsonNode body = CrudShim.parse(bare.body());
    String contentType = bare.contentType();
    if (bare.method() == HttpMethod.PATCH && contentType.contains("strategic-merge-patch")) {
      body = withoutDirectives(body);
      contentType = "application/merge-patch+json";
    }
    if (SECRET_PATH.matcher(bare.path()).matches()) {
      body = stringDataAsData(body);
      if (bare.method() == HttpMethod.POST || bare.method() == HttpMethod.PUT) {
        body = withDefaultType(body);
      }
    }
    return bare.withBody(contentType, body.toString());
  }

  /**
   * The mock only knows JSON and merge patches, but kubectl sends strategic merge patches for
   * built-in kinds. Without list-merge keys the closest meaning is a merge patch minus the
   * strategic directives ({@code $patch}, {@code $setElementOrder/...}, ...).
   */
  private static JsonNode withoutDirectives(JsonNode node) {
    if (node.isObject()) {
      ((ObjectNode) node).properties().removeIf(field -> field.getKey().startsWith("$"));
      node.forEach(WriteRewriter::withoutDirectives);
    }
    return node;
  }

  /** The API server defaults a Secret's {@code type} to Opaque; kubectl create leaves it empty. */
  private static JsonNode withDefaultType(JsonNode body) {
    if (body.isObject() && body.path("type").asText("").isEmpty()) {
      ((ObjectNode) body).put("type", "Opaque");
    }
    return body;
  }

  /** The API server folds a Secret's write-only {@code stringData} into base64 {@code data}. */
  private static JsonNode stringDataAsData(JsonNode body) {
    if (!body.isObject() || !body.path("stringData").isObject()) {
      return body;
    }
    ObjectNode secret = (ObjectNode) body;
    JsonNode stringData = secret.remove("stringData");
    ObjectNode data =
        secret.path("data").isObject() ? (ObjectNode) secret.get("data") : secret.putObject("data");
    for (Map.Entry<String, JsonNode> entry : stringData.properties()) {
      if (entry.getValue().isNull()) {
        data.putNull(entry.getKey());
      } else {
        byte[] raw = entry.getValue().asText().getBytes(StandardCharsets.UTF_8);
        data.put(entry.getKey(), Base64.getEncoder().encodeToString(raw));
      }
    }
    return secret;
  }
}
