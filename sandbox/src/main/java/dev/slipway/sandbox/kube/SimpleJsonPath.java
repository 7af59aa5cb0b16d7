package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The JSONPath subset CRD printer columns allow (a simple path, no filters or wildcards): {@code
 * .status.phase}, {@code .spec.containers[0].image}, {@code .metadata.labels['app']}.
 */
final class SimpleJsonPath {
  private SimpleJsonPath() {}

  /** The node at {@code path} in {@code root}, or a missing node. */
  static JsonNode find(JsonNode root, String path) {
    String p = path.strip();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    JsonNode node = root;
    int i = 0;
    while (i < p.length() && node != null && !node.isMissingNode()) {
      char c = p.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') end++;
        node = node.path(p.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int close = p.indexOf(']', i);
        if (close < 0) return MissingNode.getInstance();
        String key = p.substring(i + 1, close).strip();
        if (key.startsWith("'") || key.startsWith("\"")) {
          node = node.path(key.substring(1, key.length() - 1));
        } else {
          try {
            node = node.path(Integer.parseInt(key));
          } catch (NumberFormatException e) {
            return MissingNode.getInstance();
          }
        }
        i = close + 1;
      } else {
        return MissingNode.getInstance();
      }
    }
    return node == null ? MissingNode.getInstance() : node;
  }
}
