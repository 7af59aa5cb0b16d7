package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The structural part of CRD validation (types, required, enum, pattern, bounds, lengths) done by
 * networknt's JSON Schema validator, its findings reworded as kube-apiserver words them.
 */
final class SchemaCheck {
  /** Numeric formats Kubernetes accepts as annotations; JSON Schema validators do not know them. */
  private static final Set<String> NUMERIC_FORMATS =
      Set.of("int32", "int64", "float", "double", "byte", "binary");

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.JSON_PATH)
          .formatAssertionsEnabled(true)
          .build();

  private final JsonSchema schema;

  SchemaCheck(JsonNode openApiV3Schema) {
    this.schema = FACTORY.getSchema(toJsonSchema(openApiV3Schema), CONFIG);
  }

  List<FieldError> validate(JsonNode object) {
    List<FieldError> errors = new ArrayList<>();
    for (ValidationMessage message : schema.validate(object)) {
      errors.add(toFieldError(message));
    }
    return errors;
  }

  private static FieldError toFieldError(ValidationMessage m) {
    String at = fieldPath(m.getInstanceLocation());
    JsonNode value = m.getInstanceNode();
    // networknt hands over the keyword's own value (the pattern, the enum list, the bound).
    JsonNode keyword = m.getSchemaNode();
    String inBody = at + " in body";
    return switch (m.getType()) {
      case "required" -> FieldError.required(join(at, m.getProperty()), "");
      case "type" ->
          new FieldError(
              FieldError.Type.TYPE_INVALID,
              at,
              TextNode.valueOf(jsonType(value)),
              inBody
                  + " must be of type "
                  + expectedType(keyword)
                  + ": "
                  + GoFormat.quote(jsonType(value)));
      case "enum" ->
          new FieldError(
              FieldError.Type.NOT_SUPPORTED, at, value, "supported values: " + enumValues(keyword));
      case "pattern" ->
          FieldError.invalid(at, value, inBody + " should match '" + keyword.asText() + "'");
      case "minimum" -> bound(m, keyword, at, value, "greater than");
      case "maximum" -> bound(m, keyword, at, value, "less than");
      case "minLength" ->
          FieldError.invalid(
              at, value, inBody + " should be at least " + keyword.asInt() + " chars long");
      case "maxLength" ->
          new FieldError(
              FieldError.Type.TOO_LONG,
              at,
              value,
              "may not be more than " + keyword.asInt() + " bytes");
      case "minItems" ->
          FieldError.invalid(
              at,
              IntNode.valueOf(value.size()),
              inBody + " should have at least " + keyword.asInt() + " items");
      case "maxItems", "maxProperties" ->
          new FieldError(
              FieldError.Type.TOO_MANY,
              at,
              IntNode.valueOf(value.size()),
              "must have at most " + keyword.asInt() + " items");
      case "minProperties" ->
          FieldError.invalid(
              at,
              IntNode.valueOf(value.size()),
              inBody + " should have at least " + keyword.asInt() + " properties");
      case "multipleOf" ->
          FieldError.invalid(
              at,
              value,
              inBody + " should be a multiple of " + GoFormat.number(keyword.asDouble()));
      case "uniqueItems" -> FieldError.invalid(at, value, inBody + " shouldn't contain duplicates");
      case "format" ->
          FieldError.invalid(
              at,
              value,
              inBody
                  + " must be of type "
                  + keyword.asText()
                  + ": "
                  + GoFormat.quote(value.asText()));
      default -> FieldError.invalid(at, value, m.getMessage());
    };
  }

  /** go-openapi's minimum/maximum wording, with its exclusive variants. */
  private static FieldError bound(
      ValidationMessage m, JsonNode keyword, String at, JsonNode value, String relation) {
    boolean exclusive = m.getMessage().contains("exclusive");
    String limit = GoFormat.number(keyword.asDouble());
    return FieldError.invalid(
        at,
        value,
        at + " in body should be " + relation + (exclusive ? " " : " or equal to ") + limit);
  }

  /** Kubernetes' field path: {@code spec.taskDefinition.containers[0].image}. */
  static String fieldPath(JsonNodePath location) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(element);
      }
    }
    return path.toString();
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  private static String expectedType(JsonNode keyword) {
    if (keyword == null) {
      return "";
    }
    if (keyword.isArray()) {
      List<String> types = new ArrayList<>();
      keyword.forEach(t -> types.add(t.asText()));
      types.remove("null");
      return String.join(",", types);
    }
    return keyword.asText();
  }

  private static String enumValues(JsonNode keyword) {
    List<String> values = new ArrayList<>();
    keyword.forEach(v -> values.add(GoFormat.quote(v.isTextual() ? v.asText() : v.toString())));
    return values.stream().collect(Collectors.joining(", "));
  }

  /** JSON type names as go-openapi reports them. */
  private static String jsonType(JsonNode value) {
    if (value == null || value.isNull()) return "null";
    if (value.isTextual()) return "string";
    if (value.isIntegralNumber()) return "integer";
    if (value.isNumber()) return "number";
    if (value.isBoolean()) return "boolean";
    if (value.isArray()) return "array";
    return "object";
  }

  /**
   * An OpenAPI v3 structural schema as draft-04 JSON Schema: {@code nullable} and int-or-string
   * become type unions, Kubernetes extensions and numeric formats are dropped.
   */
  static JsonNode toJsonSchema(JsonNode openApi) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = openApi.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.startsWith("x-kubernetes-") || key.equals("nullable") || key.equals("default")) {
        continue;
      }
      switch (key) {
        case "properties" -> {
          ObjectNode properties = out.putObject("properties");
          value
              .fields()
              .forEachRemaining(p -> properties.set(p.getKey(), toJsonSchema(p.getValue())));
        }
        case "items", "additionalProperties", "not" ->
            out.set(key, value.isObject() ? toJsonSchema(value) : value);
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode list = out.putArray(key);
          value.forEach(s -> list.add(toJsonSchema(s)));
        }
        case "format" -> {
          if (!NUMERIC_FORMATS.contains(value.asText())) {
            out.set(key, value);
          }
        }
        default -> out.set(key, value);
      }
    }
    if (openApi.path("x-kubernetes-int-or-string").asBoolean(false)) {
      out.putArray("type").add("integer").add("string");
    }
    if (Schemas.nullable(openApi) && out.has("type")) {
      JsonNode type = out.get("type");
      ArrayNode union = JsonNodeFactory.instance.arrayNode();
      if (type.isArray()) union.addAll((ArrayNode) type);
      else union.add(type);
      union.add("null");
      out.set("type", union);
    }
    return out;
  }
}
