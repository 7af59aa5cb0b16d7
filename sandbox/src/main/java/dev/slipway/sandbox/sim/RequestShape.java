package dev.slipway.sandbox.sim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One kind of request a simulated client sends to a listener: where it comes from, what it asks
 * for, and its share of the source's requests. Build with {@link #of(String)} and the {@code with}
 * methods; every shape of a source needs a distinct name, under which its requests are counted.
 */
public record RequestShape(
    String name,
    String sourceIp,
    String method,
    String host,
    String path,
    Map<String, String> headers,
    Map<String, String> query,
    double share) {

  public RequestShape {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a shape needs a name");
    if (share < 0) throw new IllegalArgumentException("share must not be negative");
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  /** A GET of / for app.example.com from a public client address, with share 1. */
  public static RequestShape of(String name) {
    return new RequestShape(
        name, "198.51.100.7", "GET", "app.example.com", "/", Map.of(), Map.of(), 1);
  }

  public RequestShape withSourceIp(String ip) {
    return new RequestShape(name, ip, method, host, path, headers, query, share);
  }

  public RequestShape withMethod(String m) {
    return new RequestShape(name, sourceIp, m, host, path, headers, query, share);
  }

  public RequestShape withHost(String h) {
    return new RequestShape(name, sourceIp, method, h, path, headers, query, share);
  }

  public RequestShape withPath(String p) {
    return new RequestShape(name, sourceIp, method, host, p, headers, query, share);
  }

  public RequestShape withHeader(String headerName, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(headerName, value);
    return new RequestShape(name, sourceIp, method, host, path, h, query, share);
  }

  public RequestShape withQuery(String key, String value) {
    Map<String, String> q = new LinkedHashMap<>(query);
    q.put(key, value);
    return new RequestShape(name, sourceIp, method, host, path, headers, q, share);
  }

  public RequestShape withShare(double s) {
    return new RequestShape(name, sourceIp, method, host, path, headers, query, s);
  }

  /** A header's value; header names are case-insensitive, as in HTTP. */
  String header(String headerName) {
    if (headerName == null) return null;
    String wanted = headerName.toLowerCase(Locale.ROOT);
    return headers.entrySet().stream()
        .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
