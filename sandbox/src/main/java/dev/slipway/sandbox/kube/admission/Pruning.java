package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Structural pruning as the API server does it: fields the schema does not declare are dropped
 * (unless it preserves unknown fields), and so are nulls in fields that are not nullable.
 */
final class Pruning {
  /** Kept at the root and in embedded resources whatever the schema says. */
  private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private Pruning() {}

  /**
   * Prunes {@code object} in place; adds the path of every dropped unknown field to {@code out}.
   */
  static void prune(JsonNode object, JsonNode schema, List<String> out) {
    pruneObject(object, schema, "", true, out);
  }

  private static void prune(JsonNode value, JsonNode schema, String path, List<String> out) {
    if (value.isObject()) {
      pruneObject(value, schema, path, Schemas.embeddedResource(schema), out);
    } else if (value.isArray()) {
      Optional<JsonNode> items = Schemas.items(schema);
      if (items.isPresent()) {
        for (int i = 0; i < value.size(); i++) {
          prune(value.get(i), items.get(), path + "[" + i + "]", out);
        }
      }
    }
  }

  private static void pruneObject(
      JsonNode value, JsonNode schema, String path, boolean resource, List<String> out) {
    ObjectNode object = (ObjectNode) value;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      String childPath = path.isEmpty() ? name : path + "." + name;
      if (resource && OBJECT_FIELDS.contains(name)) {
        continue;
      }
      Optional<JsonNode> childSchema = Schemas.child(schema, name);
      if (childSchema.isEmpty()) {
        if (!Schemas.preservesUnknownFields(schema)) {
          it.remove();
          out.add(childPath);
        }
        continue;
      }
      if (field.getValue().isNull() && !Schemas.nullable(childSchema.get())) {
        it.remove();
        continue;
      }
      prune(field.getValue(), childSchema.get(), childPath, out);
    }
  }
}
