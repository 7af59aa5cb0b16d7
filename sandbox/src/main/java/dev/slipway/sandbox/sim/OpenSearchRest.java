package dev.slipway.sandbox.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request, response and error shapes the simulated domain endpoint passes between its parts.
 */
final class OpenSearchRest {
  private OpenSearchRest() {}

  /**
   * One HTTP request, with the path split into decoded segments ("/_snapshot/r" is [_snapshot, r])
   * and the caller's access key id from its signature.
   */
  record Request(
      String method,
      String path,
      List<String> segments,
      Map<String, String> query,
      byte[] body,
      String caller) {

    String param(String name) {
      return query.get(name);
    }

    boolean flag(String name) {
      String v = query.get(name);
      return v != null && (v.isEmpty() || v.equals("true"));
    }

    String segment(int i) {
      return i < segments.size() ? segments.get(i) : null;
    }
  }

  /** A JSON (Map/List) or plain-text body with its status; a null body sends none (HEAD). */
  record Response(int status, Object body) {
    static Response ok(Object body) {
      return new Response(200, body);
    }

    static Response acknowledged() {
      return ok(Map.of("acknowledged", true));
    }
  }

  /** Thrown by a handler to answer with an error response instead of its result. */
  static final class Failure extends RuntimeException {
    final Response response;

    Failure(Response response) {
      super(String.valueOf(response.body()), null, false, false);
      this.response = response;
    }
  }

  /**
   * OpenSearch's error envelope: {"error":{"root_cause":[{type,reason,...}],type,reason,...},
   * "status":n}, which every OpenSearch client parses.
   */
  static Failure error(int status, String type, String reason, Map<String, Object> extra) {
    Map<String, Object> cause = new LinkedHashMap<>();
    cause.put("type", type);
    cause.put("reason", reason);
    cause.putAll(extra);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("root_cause", List.of(cause));
    error.putAll(cause);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("status", status);
    return new Failure(new Response(status, body));
  }

  static Failure error(int status, String type, String reason) {
    return error(status, type, reason, Map.of());
  }

  /** OpenSearch's "no such index [x]" 404, with the fields it adds for indices. */
  static Failure indexNotFound(String index) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("index", index);
    extra.put("resource.id", index);
    extra.put("resource.type", "index_or_alias");
    extra.put("index_uuid", "_na_");
    return error(404, "index_not_found_exception", "no such index [" + index + "]", extra);
  }

  static Failure repositoryMissing(String repository) {
    return error(404, "repository_missing_exception", "[" + repository + "] missing");
  }

  /** Restore refusals: SnapshotRestoreException, whose status OpenSearch leaves at 500. */
  static Failure restoreRefused(String snapshotRef, String reason) {
    return error(500, "snapshot_restore_exception", "[" + snapshotRef + "] " + reason);
  }

  /**
   * The errors AWS's front door (not OpenSearch) answers with: IAM and signature problems come back
   * as a bare {"message": ...} or {"Message": ...} object, not OpenSearch's envelope.
   */
  static Failure gateway(int status, String key, String message) {
    return new Failure(new Response(status, Map.of(key, message)));
  }

  /** The 400 OpenSearch gives a path it has no handler for. */
  static Failure noHandler(Request r) {
    return new Failure(
        new Response(
            400,
            Map.of(
                "error",
                "no handler found for uri [" + r.path() + "] and method [" + r.method() + "]",
                "status",
                400)));
  }
}
