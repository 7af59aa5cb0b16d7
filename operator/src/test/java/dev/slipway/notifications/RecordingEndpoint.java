package dev.slipway.notifications;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing in for Mackerel, Slack and webhooks in tests: it records every
 * request and answers 200 unless told otherwise for a path prefix (a script of statuses, the last
 * one repeated, or a delay before answering).
 */
public final class RecordingEndpoint implements AutoCloseable {
  /** One request as the server saw it; header names lower-cased. */
  public record Received(String method, String path, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();

  private RecordingEndpoint(HttpServer server) {
    this.server = server;
  }

  public static RecordingEndpoint start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      RecordingEndpoint endpoint = new RecordingEndpoint(server);
      server.createContext("/", endpoint::record);
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves {@code path} with {@code handler} instead of recording (e.g. a fake Kubernetes API). */
  public void handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** http://127.0.0.1:PORT + path. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Requests under {@code prefix} are answered with these statuses in turn, the last repeated. */
  public void respond(String prefix, Integer... statuses) {
    scripts.put(prefix, new ArrayDeque<>(List.of(statuses)));
  }

  /** Requests under {@code prefix} wait this long before being answered. */
  public void delay(String prefix, Duration delay) {
    delays.put(prefix, delay);
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String prefix) {
    return received().stream().filter(r -> r.path().startsWith(prefix)).toList();
  }

  /** A port nothing listens on: connections to it are refused. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void record(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    synchronized (this) {
      received.add(new Received(exchange.getRequestMethod(), path, headers(exchange), body));
    }
    pause(path);
    int status = statusFor(path);
    byte[] answer = (status / 100 == 2 ? "ok" : "error " + status).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private void pause(String path) {
    delays.forEach(
        (prefix, delay) -> {
          if (!path.startsWith(prefix)) return;
          try {
            Thread.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private int statusFor(String path) {
    for (Map.Entry<String, Deque<Integer>> script : scripts.entrySet()) {
      if (!path.startsWith(script.getKey())) continue;
      Deque<Integer> statuses = script.getValue();
      synchronized (statuses) {
        return statuses.size() > 1 ? statuses.poll() : statuses.peek();
      }
    }
    return 200;
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new TreeMap<>();
    Headers h = exchange.getRequestHeaders();
    h.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    return headers;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
