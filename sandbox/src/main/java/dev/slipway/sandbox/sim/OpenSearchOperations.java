package dev.slipway.sandbox.sim;

import java.util.List;

/**
 * Names a domain endpoint's HTTP request as an operation, so fault rules ("es:RestoreSnapshot") and
 * call counters address it like any API call. The names are the ones the operator meters its REST
 * calls under; a request with no such name is named after its IAM action (ESHttpGet, ...).
 */
final class OpenSearchOperations {
  private OpenSearchOperations() {}

  static String of(String method, List<String> segments) {
    String first = segments.isEmpty() ? "" : segments.get(0);
    String second = segments.size() > 1 ? segments.get(1) : "";
    int n = segments.size();
    if (first.equals("_snapshot")) return snapshot(method, n, segments);
    if (first.equals("_cat") && second.equals("indices")) return "CatIndices";
    if (first.equals("_cluster") && second.equals("health")) return "ClusterHealth";
    if (first.equals("_recovery") || second.equals("_recovery")) return "IndexRecovery";
    if (n == 2 && second.equals("_count")) return "Count";
    if (n == 1 && !first.startsWith("_") && method.equals("DELETE")) return "DeleteIndices";
    return iamAction(method);
  }

  private static String snapshot(String method, int n, List<String> segments) {
    if (n == 4 && method.equals("POST") && segments.get(3).equals("_restore")) {
      return "RestoreSnapshot";
    }
    if (n == 3 && method.equals("GET")) return "GetSnapshots";
    if (n <= 2 && method.equals("GET")) return "GetSnapshotRepository";
    if (n == 2 && (method.equals("PUT") || method.equals("POST"))) return "PutSnapshotRepository";
    if (n == 2 && method.equals("DELETE")) return "DeleteSnapshotRepository";
    return iamAction(method);
  }

  /** "ESHttpGet": the IAM action AWS authorizes a request to a domain with. */
  private static String iamAction(String method) {
    String m = method.toLowerCase(java.util.Locale.ROOT);
    return "ESHttp" + Character.toUpperCase(m.charAt(0)) + m.substring(1);
  }
}
