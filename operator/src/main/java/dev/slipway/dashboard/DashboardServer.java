package dev.slipway.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only environments dashboard: a page, its script and style from the jar, and two JSON
 * endpoints it polls. No authentication and nothing that writes; only GET is answered.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

  /** The page may load only its own script and style, and nobody may frame it. */
  static final String CSP =
      "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, Asset> ASSETS =
      Map.of(
          "/", asset("index.html", "text/html; charset=utf-8"),
          "/index.html", asset("index.html", "text/html; charset=utf-8"),
          "/dashboard.js", asset("dashboard.js", "text/javascript; charset=utf-8"),
          "/dashboard.css", asset("dashboard.css", "text/css; charset=utf-8"));

  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final HttpServer server;

  private DashboardServer(HttpServer server) {
    this.server = server;
  }

  /** A static file of the page, read once from the jar. */
  private record Asset(byte[] body, String type) {}

  /** Serves on {@code host:port} (0: any free port); fails with the address when it is taken. */
  public static DashboardServer start(String host, int port, DashboardSource source)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new IOException(
          "cannot serve the dashboard on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.createContext("/", ex -> handle(ex, source));
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "slipway-dashboard");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new DashboardServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange ex, DashboardSource source) throws IOException {
    try (ex) {
      securityHeaders(ex);
      if (!"GET".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().set("Allow", "GET");
        send(ex, 405, "text/plain; charset=utf-8", bytes("only GET is served here\n"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      Asset asset = ASSETS.get(path);
      if (asset != null) {
        send(ex, 200, asset.type(), asset.body());
      } else if (path.equals("/api/environments") || path.equals("/api/releases")) {
        api(ex, source, path.endsWith("environments"));
      } else {
        send(ex, 404, "text/plain; charset=utf-8", bytes("not found\n"));
      }
    }
  }

  private static void api(HttpExchange ex, DashboardSource source, boolean environments)
      throws IOException {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    Object answer;
    int code = 200;
    try {
      DashboardSource.Snapshot s = source.read();
      String at = s.at().toString();
      answer =
          environments
              ? new Views.EnvironmentList(
                  at, DashboardViews.environments(s.environments(), s.releases(), s.at()))
              : new Views.ReleaseList(
                  at, DashboardViews.releases(s.releases(), s.environments(), s.at()));
    } catch (RuntimeException e) {
      log.warn("dashboard cannot list resources: {}", e.toString());
      code = 503;
      answer = Map.of("error", "Slipway cannot read from Kubernetes right now");
    }
    send(ex, code, "application/json", JSON.writeValueAsBytes(answer));
  }

  private static void securityHeaders(HttpExchange ex) {
    var h = ex.getResponseHeaders();
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Asset asset(String name, String type) {
    try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null)
        throw new IllegalStateException("dashboard file missing from the jar: " + name);
      return new Asset(in.readAllBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
