package dev.slipway.stateful;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The operator's writes to Slipway's objects, as its client sent them. The step driver uses them to
 * look again at exactly what may have changed (a GET per named object) instead of listing
 * everything after every pass; a write without a name (a create) asks for a full list.
 */
final class ApiWrites {
  /** What was written since the last {@link #drain()}. */
  record Touched(boolean relist, Set<String> objects) {}

  private static final String GROUP = "/apis/slipway.dev/";

  private long count;
  private boolean relist;
  private Set<String> objects = new LinkedHashSet<>();

  /** Called by the operator client's interceptor for every request. */
  synchronized void record(String method, String path) {
    if ("GET".equals(method) || !path.contains(GROUP)) return;
    count++;
    String[] parts = path.substring(path.indexOf(GROUP)).split("/");
    // /apis/slipway.dev/v1alpha1/namespaces/<ns>/<plural>[/<name>[/status]]
    int plural = 6;
    if (parts.length <= plural + 1) {
      relist = true;
    } else {
      objects.add(parts[plural] + "/" + parts[plural + 1]);
    }
  }

  synchronized long count() {
    return count;
  }

  synchronized Touched drain() {
    Touched touched = new Touched(relist, objects);
    relist = false;
    objects = new LinkedHashSet<>();
    return touched;
  }
}
