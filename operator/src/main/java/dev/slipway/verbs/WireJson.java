package dev.slipway.verbs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Turns SDK request and response objects into the JSON the AWS API carries: each field under its
 * marshalling (wire) name, e.g. {@code containerDefinitions}, unset fields left out, object keys
 * sorted so the output diffs well. Lists keep their order: ECS gives it meaning.
 */
public final class WireJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private WireJson() {}

  /** The wire-shaped tree of an SDK object (or of plain lists, maps and scalars). */
  public static JsonNode of(Object value) {
    if (value == null) return NODES.nullNode();
    if (value instanceof SdkPojo pojo) return pojo(pojo);
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(v -> array.add(of(v)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      new TreeMap<>(stringKeys(map)).forEach((k, v) -> object.set(k, of(v)));
      return object;
    }
    if (value instanceof JsonNode node) return node;
    if (value instanceof String s) return NODES.textNode(s);
    if (value instanceof Boolean b) return NODES.booleanNode(b);
    if (value instanceof Integer i) return NODES.numberNode(i);
    if (value instanceof Long l) return NODES.numberNode(l);
    if (value instanceof Double d) return NODES.numberNode(d);
    if (value instanceof Float f) return NODES.numberNode(f);
    if (value instanceof SdkBytes bytes) return NODES.textNode(bytes.asUtf8String());
    return NODES.textNode(String.valueOf(value));
  }

  private static ObjectNode pojo(SdkPojo pojo) {
    TreeMap<String, JsonNode> fields = new TreeMap<>();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object v = field.getValueOrDefault(pojo);
      if (v == null
          || v instanceof SdkAutoConstructList<?>
          || v instanceof SdkAutoConstructMap<?, ?>) continue;
      fields.put(field.locationName() == null ? field.memberName() : field.locationName(), of(v));
    }
    ObjectNode object = NODES.objectNode();
    fields.forEach(object::set);
    return object;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  public static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  public static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Parses JSON text (e.g. an IAM policy document). */
  public static JsonNode parse(String text) throws java.io.IOException {
    return JSON.readTree(text);
  }
}
