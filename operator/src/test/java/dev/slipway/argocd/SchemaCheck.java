package dev.slipway.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The parts of OpenAPI v3 structural-schema validation a rendered manifest can get wrong: types,
 * unknown fields, required fields, patterns, lengths and sizes. CEL rules are not evaluated.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  static List<String> problems(String path, JsonNode value, JsonNode schema) {
    List<String> problems = new ArrayList<>();
    check(path, value, schema, problems);
    return problems;
  }

  private static void check(String path, JsonNode value, JsonNode schema, List<String> out) {
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> object(path, value, schema, out);
      case "array" -> {
        if (!value.isArray()) out.add(path + ": expected an array");
        else
          for (int i = 0; i < value.size(); i++)
            check(path + "[" + i + "]", value.get(i), schema.path("items"), out);
      }
      case "string" -> string(path, value, schema, out);
      case "integer" -> {
        if (!value.isIntegralNumber()) out.add(path + ": expected an integer");
      }
      case "boolean" -> {
        if (!value.isBoolean()) out.add(path + ": expected a boolean");
      }
      default -> {}
    }
  }

  private static void object(String path, JsonNode value, JsonNode schema, List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": expected an object");
      return;
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) out.add(path + "." + required.asText() + ": required");
    }
    if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt())
      out.add(path + ": more than " + schema.get("maxProperties").asInt() + " entries");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String at = path + "." + field.getKey();
      JsonNode property = schema.path("properties").path(field.getKey());
      if (!property.isMissingNode()) check(at, field.getValue(), property, out);
      else if (schema.has("additionalProperties"))
        check(at, field.getValue(), schema.get("additionalProperties"), out);
      else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean())
        out.add(at + ": unknown field (the API server would drop it)");
    }
  }

  private static void string(String path, JsonNode value, JsonNode schema, List<String> out) {
    if (!value.isTextual()) {
      out.add(path + ": expected a string, got " + value.getNodeType());
      return;
    }
    String s = value.textValue();
    if (schema.has("pattern")
        && !java.util.regex.Pattern.compile(schema.get("pattern").asText()).matcher(s).find())
      out.add(path + ": " + s + " does not match " + schema.get("pattern").asText());
    if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt())
      out.add(path + ": longer than " + schema.get("maxLength").asInt());
    if (schema.has("minLength") && s.length() < schema.get("minLength").asInt())
      out.add(path + ": shorter than " + schema.get("minLength").asInt());
  }
}
