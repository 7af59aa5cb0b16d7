package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validation ratcheting (on by default since Kubernetes 1.30): on update, an error about a value
 * the update did not change is dropped, so an object stored before its CRD was tightened can still
 * get finalizers and status.
 */
final class Ratcheting {
  /** One step of a field path: {@code name}, {@code [3]} or {@code [key]}. */
  private static final Pattern STEP = Pattern.compile("\\.?([^.\\[]+)|\\[([^]]*)]");

  private Ratcheting() {}

  static void dropUnchanged(List<FieldError> errors, JsonNode object, JsonNode old) {
    errors.removeIf(e -> at(object, e.field()).equals(at(old, e.field())));
  }

  /** The node a field path names, or a missing node. */
  static JsonNode at(JsonNode root, String field) {
    JsonNode node = root;
    Matcher m = STEP.matcher(field);
    int end = 0;
    while (m.find() && m.start() == end) {
      end = m.end();
      if (m.group(1) != null) {
        node = node.path(m.group(1));
      } else if (node.isArray()) {
        node = node.path(parseIndex(m.group(2)));
      } else {
        node = node.path(m.group(2));
      }
    }
    return end == field.length() ? node : MissingNode.getInstance();
  }

  private static int parseIndex(String index) {
    try {
      return Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
