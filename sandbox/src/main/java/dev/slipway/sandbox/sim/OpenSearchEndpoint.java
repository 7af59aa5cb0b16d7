package dev.slipway.sandbox.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.sandbox.sim.OpenSearchRest.Request;
import dev.slipway.sandbox.sim.OpenSearchRest.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The HTTP side of one simulated domain: a JDK HttpServer on 127.0.0.1 and its own ephemeral port,
 * so the endpoint is a plain host:port like a real domain's. Each request goes fault injection,
 * then the SigV4 check, then OpenSearch, the order a real request meets the load balancer, AWS's
 * front door and the cluster. Requests pass the simulator's call gate as service "es" under the
 * names {@link OpenSearchOperations} gives them, so they are counted and fault rules reach them.
 */
final class OpenSearchEndpoint implements HttpHandler {
  private final OpenSearchDomain domain;
  private final CallGate gate;
  private final OpenSearchSnapshotApi snapshots;
  private final OpenSearchIndexApi indices;
  private final HttpServer server;

  private OpenSearchEndpoint(
      OpenSearchDomain domain,
      OpenSearchSnapshotSources sources,
      CallGate gate,
      Executor executor) {
    this.domain = domain;
    this.gate = gate;
    this.snapshots = new OpenSearchSnapshotApi(domain, sources);
    this.indices = new OpenSearchIndexApi(domain);
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a local port for " + domain.name, e);
    }
    server.createContext("/", this);
    server.setExecutor(executor);
  }

  /** Starts serving and returns the endpoint as "127.0.0.1:port". */
  static OpenSearchEndpoint start(
      OpenSearchDomain domain,
      OpenSearchSnapshotSources sources,
      CallGate gate,
      Executor executor) {
    OpenSearchEndpoint e = new OpenSearchEndpoint(domain, sources, gate, executor);
    // The server's dispatcher thread inherits daemon-ness from the thread that starts it; starting
    // it from a daemon thread keeps a simulator nobody closed from holding the JVM open.
    Thread starter = new Thread(e.server::start, "opensearch-endpoint-start-" + domain.name);
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted starting " + domain.name, ie);
    }
    domain.endpoint("127.0.0.1:" + e.server.getAddress().getPort());
    return e;
  }

  void stop() {
    server.stop(0);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Response response;
      try {
        response = serve(exchange, body);
      } catch (OpenSearchRest.Failure f) {
        response = f.response;
      } catch (RuntimeException e) {
        response = OpenSearchRest.error(500, "exception", String.valueOf(e)).response;
      }
      write(exchange, response);
    }
  }

  private Response serve(HttpExchange exchange, byte[] body) {
    String method = exchange.getRequestMethod();
    URI uri = exchange.getRequestURI();
    List<String> segments = segments(uri);
    String operation = OpenSearchOperations.of(method, segments);
    Faults.Decision decision = gate.admit(AwsErrors.OPENSEARCH, operation);
    if (decision.error() != null) return injected(status(decision.error()));
    int fault = domain.takeFault();
    if (fault != 0) {
      gate.faulted(AwsErrors.OPENSEARCH, operation);
      return injected(fault);
    }
    String caller =
        OpenSearchSigV4.check(method, exchange.getRequestHeaders(), body, domain.region);
    Request request = new Request(method, uri.getRawPath(), segments, query(uri), body, caller);
    Response response;
    synchronized (domain) {
      response =
          "_snapshot".equals(request.segment(0))
              ? snapshots.handle(request)
              : indices.handle(request);
    }
    if (!decision.failAfterApply()) return response;
    // A lost response: the request was served, its answer never came back.
    gate.faulted(AwsErrors.OPENSEARCH, operation);
    return injected(500);
  }

  /** A domain's full thread pools answer 429; the other kinds keep their 5xx status. */
  private static int status(FaultKind kind) {
    return kind == FaultKind.THROTTLING ? 429 : kind.status();
  }

  /**
   * An injected failure. 429 is what a domain's full thread pools answer (OpenSearch's
   * rejected_execution_exception); 5xx come from the load balancer in front of the nodes.
   */
  private static Response injected(int status) {
    if (status == 429) {
      return OpenSearchRest.error(
              429,
              "rejected_execution_exception",
              "rejected execution of coordinating operation (simulated)")
          .response;
    }
    String phrase =
        switch (status) {
          case 500 -> "Internal Server Error";
          case 502 -> "Bad Gateway";
          case 503 -> "Service Unavailable";
          case 504 -> "Gateway Timeout";
          default -> "Error";
        };
    return new Response(status, Map.of("message", phrase));
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    Object body = response.body();
    if (body == null || exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    boolean text = body instanceof String;
    byte[] bytes =
        text ? ((String) body).getBytes(StandardCharsets.UTF_8) : OpenSearchJson.write(body);
    exchange
        .getResponseHeaders()
        .set("Content-Type", (text ? "text/plain" : "application/json") + "; charset=UTF-8");
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static List<String> segments(URI uri) {
    List<String> out = new ArrayList<>();
    for (String s : uri.getRawPath().split("/")) {
      if (!s.isEmpty()) out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = uri.getRawQuery();
    if (q == null) return out;
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
