package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Prints values the way the API server's Go code does ({@code %v} for numbers, {@code %q} for
 * strings), so error text matches a real cluster's character for character.
 */
final class GoFormat {
  private GoFormat() {}

  /** A field error's bad value: strings quoted, numbers and booleans bare, nothing as "null". */
  static String value(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "\"null\"";
    }
    if (value.isTextual()) {
      return quote(value.asText());
    }
    if (value.isIntegralNumber() || value.isBoolean()) {
      return value.asText();
    }
    if (value.isNumber()) {
      return number(value.asDouble());
    }
    return value.toString();
  }

  /** Go's {@code %q}: a double-quoted string with JSON-like escapes. */
  static String quote(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }

  /**
   * Go's {@code %v} for a float64: the shortest representation, switching to exponent notation from
   * 1e+06 up or below 1e-04 (schema bounds are float64 in Go, so 2147483647 prints as
   * 2.147483647e+09).
   */
  static String number(double d) {
    if (d == 0) {
      return "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      String digits = exact.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String sign = d < 0 ? "-" : "";
      String expSign = exponent < 0 ? "-" : "+";
      int abs = Math.abs(exponent);
      return sign + mantissa + "e" + expSign + (abs < 10 ? "0" + abs : Integer.toString(abs));
    }
    return exact.toPlainString();
  }
}
