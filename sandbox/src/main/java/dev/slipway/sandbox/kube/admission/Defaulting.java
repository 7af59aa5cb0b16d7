package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Structural defaulting: every absent property whose schema has a {@code default} gets a copy of
 * it, at any depth (inside list items and map values too), before validation.
 */
final class Defaulting {
  private Defaulting() {}

  static void apply(JsonNode value, JsonNode schema) {
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        JsonNode fallback = property.getValue().get("default");
        if (fallback != null && !object.has(property.getKey())) {
          object.set(property.getKey(), fallback.deepCopy());
        }
      }
      object
          .fields()
          .forEachRemaining(
              field ->
                  Schemas.child(schema, field.getKey())
                      .ifPresent(child -> apply(field.getValue(), child)));
    } else if (value.isArray()) {
      Optional<JsonNode> items = Schemas.items(schema);
      items.ifPresent(itemSchema -> value.forEach(item -> apply(item, itemSchema)));
    }
  }
}
