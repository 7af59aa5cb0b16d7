package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One invalid field, worded the way kube-apiserver words it (apimachinery's {@code field.Error}):
 * {@code <field>: <type>[: <bad value>][: <detail>]}.
 */
public record FieldError(Type type, String field, JsonNode badValue, String detail) {

  /** The error types a CRD validation can produce; {@code reason} is the Status cause type. */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value", false),
    INVALID("FieldValueInvalid", "Invalid value", true),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value", true),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value", true),
    DUPLICATE("FieldValueDuplicate", "Duplicate value", true),
    FORBIDDEN("FieldValueForbidden", "Forbidden", false),
    TOO_LONG("FieldValueTooLong", "Too long", false),
    TOO_MANY("FieldValueTooMany", "Too many", true);

    private final String reason;
    private final String text;
    private final boolean showsValue;

    Type(String reason, String text, boolean showsValue) {
      this.reason = reason;
      this.text = text;
      this.showsValue = showsValue;
    }

    public String reason() {
      return reason;
    }
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError invalid(String field, JsonNode value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  /** An error whose bad value is a type name, as CEL rule failures report ("object"). */
  public static FieldError invalid(String field, String typeName, String detail) {
    return new FieldError(Type.INVALID, field, TextNode.valueOf(typeName), detail);
  }

  /** The cause message: everything after {@code "<field>: "}. */
  public String body() {
    StringBuilder body = new StringBuilder(type.text);
    if (type.showsValue) {
      body.append(": ").append(GoFormat.value(badValue));
    }
    if (detail != null && !detail.isEmpty()) {
      body.append(": ").append(detail);
    }
    return body.toString();
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }
}
