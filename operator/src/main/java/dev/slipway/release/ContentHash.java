package dev.slipway.release;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Hashes what Slipway sends to AWS, not the manifest text: an SDK request is walked field by field
 * (fields sorted by name, maps by key, unset fields skipped) into a canonical string, so the same
 * content gives the same hash whatever the map order or formatting of the manifest.
 */
public final class ContentHash {
  private ContentHash() {}

  /** First 16 hex characters of the SHA-256 of the canonical form: short enough for tags. */
  public static String of(Object... parts) {
    StringBuilder canonical = new StringBuilder();
    for (Object part : parts) {
      append(canonical, part);
      canonical.append('|');
    }
    return sha256(canonical.toString()).substring(0, 16);
  }

  static String canonical(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof SdkPojo pojo) {
      appendPojo(out, pojo);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      new TreeMap<>(stringKeys(map))
          .forEach(
              (k, v) -> {
                out.append(quote(k)).append(':');
                append(out, v);
                out.append(',');
              });
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      list.forEach(
          v -> {
            append(out, v);
            out.append(',');
          });
      out.append(']');
    } else if (value instanceof String s) {
      out.append(quote(s));
    } else {
      out.append(value);
    }
  }

  private static void appendPojo(StringBuilder out, SdkPojo pojo) {
    TreeMap<String, Object> fields = new TreeMap<>();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object v = field.getValueOrDefault(pojo);
      if (v != null && !isAutoConstructEmpty(v)) {
        fields.put(field.memberName(), v);
      }
    }
    append(out, fields);
  }

  /** The SDK hands out "auto construct" empty lists/maps for unset fields: treat them as unset. */
  private static boolean isAutoConstructEmpty(Object v) {
    return (v instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>)
        || (v instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> result = new TreeMap<>();
    map.forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String sha256(String s) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
