package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads the parts of a CRD's structural schema that pruning, defaulting and CEL walk through. */
final class Schemas {
  private Schemas() {}

  /** The schema of property {@code name} of an object: declared, or the map value schema. */
  static Optional<JsonNode> child(JsonNode schema, String name) {
    JsonNode declared = schema.path("properties").path(name);
    if (declared.isObject()) {
      return Optional.of(declared);
    }
    return mapValues(schema);
  }

  /** The value schema of a map ({@code additionalProperties} given as a schema). */
  static Optional<JsonNode> mapValues(JsonNode schema) {
    JsonNode additional = schema.path("additionalProperties");
    return additional.isObject() ? Optional.of(additional) : Optional.empty();
  }

  static boolean isMap(JsonNode schema) {
    return !schema.path("properties").isObject() && mapValues(schema).isPresent();
  }

  static Optional<JsonNode> items(JsonNode schema) {
    JsonNode items = schema.path("items");
    return items.isObject() ? Optional.of(items) : Optional.empty();
  }

  static boolean preservesUnknownFields(JsonNode schema) {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        || schema.path("additionalProperties").asBoolean(false);
  }

  static boolean nullable(JsonNode schema) {
    return schema.path("nullable").asBoolean(false);
  }

  static boolean embeddedResource(JsonNode schema) {
    return schema.path("x-kubernetes-embedded-resource").asBoolean(false);
  }

  /** The schema's declared type, as CEL errors name it ("object", "string", ...; "" if none). */
  static String type(JsonNode schema) {
    return schema.path("type").asText("");
  }
}
