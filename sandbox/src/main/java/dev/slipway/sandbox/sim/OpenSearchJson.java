package dev.slipway.sandbox.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads request bodies and writes responses for the simulated domain endpoint. */
final class OpenSearchJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenSearchJson() {}

  /** The body as a JSON object; an empty body is an empty object, as OpenSearch treats it. */
  static Map<String, Object> object(byte[] body) {
    if (body == null || body.length == 0) return Map.of();
    try {
      Map<String, Object> m = MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
      return m == null ? Map.of() : m;
    } catch (IOException e) {
      throw OpenSearchRest.error(
          400, "parse_exception", "Failed to parse content to map: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** "indices" may be a comma-separated string or a JSON array of names and patterns. */
  static String expression(Object o) {
    if (o == null) return null;
    if (o instanceof List<?> l)
      return l.stream().map(String::valueOf).collect(Collectors.joining(","));
    return o.toString();
  }

  /** OpenSearch accepts true and "true" for boolean request fields. */
  static boolean bool(Object o) {
    return o instanceof Boolean b ? b : o != null && o.toString().equals("true");
  }

  static byte[] write(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
