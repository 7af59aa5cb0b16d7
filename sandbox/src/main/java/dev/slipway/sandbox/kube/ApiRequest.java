package dev.slipway.sandbox.kube;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One API call split into path and decoded query, convertible to what the CRUD mock consumes. */
record ApiRequest(
    HttpMethod method, String path, Map<String, String> query, Headers headers, String body) {

  static ApiRequest of(HttpMethod method, String uri, Headers headers, String body) {
    int mark = uri.indexOf('?');
    String path = mark < 0 ? uri : uri.substring(0, mark);
    Map<String, String> query = mark < 0 ? Map.of() : parseQuery(uri.substring(mark + 1));
    return new ApiRequest(method, path, query, headers, body == null ? "" : body);
  }

  static ApiRequest get(String path) {
    return new ApiRequest(HttpMethod.GET, path, Map.of(), Headers.builder().build(), "");
  }

  String param(String name) {
    return query.get(name);
  }

  boolean isWatch() {
    return method == HttpMethod.GET
        && ("true".equals(param("watch")) || "1".equals(param("watch")));
  }

  /** A copy whose query keeps only {@code kept}; the mock misreads parameters it does not know. */
  ApiRequest keepingOnly(Set<String> kept) {
    Map<String, String> filtered = new LinkedHashMap<>();
    query.forEach(
        (k, v) -> {
          if (kept.contains(k)) {
            filtered.put(k, v);
          }
        });
    return new ApiRequest(method, path, filtered, headers, body);
  }

  ApiRequest withBody(String contentType, String newBody) {
    Headers replaced = headers.newBuilder().set("Content-Type", contentType).build();
    return new ApiRequest(method, path, query, replaced, newBody);
  }

  /** The same call as a full update (PUT) of {@code object}. */
  ApiRequest asUpdate(String object) {
    Headers replaced = headers.newBuilder().set("Content-Type", "application/json").build();
    return new ApiRequest(HttpMethod.PUT, path, query, replaced, object);
  }

  String contentType() {
    return String.valueOf(headers.header("Content-Type"));
  }

  String uri() {
    if (query.isEmpty()) {
      return path;
    }
    return path
        + "?"
        + query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }

  RecordedRequest toRecorded() {
    Buffer buffer = new Buffer(body.getBytes(StandardCharsets.UTF_8));
    return new RecordedRequest("HTTP/1.1", method, uri(), headers, buffer);
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(decode(key), decode(value));
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
