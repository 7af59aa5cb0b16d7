package dev.slipway.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON value as a Lua 5.1 table constructor, the shape Argo CD hands a health script:
 * objects become keyed tables, arrays sequences, and JSON null is left out.
 */
final class LuaLiteral {
  private LuaLiteral() {}

  static String of(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) out.append("nil");
    else if (node.isObject()) writeObject(node, out);
    else if (node.isArray()) writeArray(node, out);
    else if (node.isTextual()) string(node.textValue(), out);
    else if (node.isBoolean()) out.append(node.booleanValue());
    else if (node.isIntegralNumber()) out.append(node.bigIntegerValue());
    else if (node.isNumber()) out.append(number(node.doubleValue()));
    else throw new IllegalArgumentException("no Lua form for JSON " + node.getNodeType());
  }

  private static void writeObject(JsonNode node, StringBuilder out) {
    out.append('{');
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      // Lua tables cannot hold nil: a null field is simply absent, as in Argo CD.
      if (field.getValue().isNull()) continue;
      out.append('[');
      string(field.getKey(), out);
      out.append("]=");
      write(field.getValue(), out);
      out.append(',');
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, StringBuilder out) {
    out.append('{');
    for (JsonNode item : node) {
      write(item, out);
      out.append(',');
    }
    out.append('}');
  }

  private static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d))
      throw new IllegalArgumentException("JSON has no " + d);
    return Double.toString(d);
  }

  /**
   * A double-quoted Lua string. Every byte outside printable ASCII is written as a decimal escape
   * (Lua 5.1 has decimal escapes only, no hex or Unicode ones), so UTF-8 text reaches the script
   * byte for byte.
   */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') out.append('\\').append((char) c);
      else if (c >= 0x20 && c < 0x7f) out.append((char) c);
      else out.append('\\').append(String.format("%03d", c));
    }
    out.append('"');
  }
}
