package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The preflight GET against a local server: statuses, excerpts, redirects, timeouts. */
class HttpProbeTest {
  private static HttpServer server;
  private static String base;
  private static final AtomicInteger loops = new AtomicInteger();
  private static final HttpProbe probe = new HttpProbe();

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", ex -> reply(ex, 200, "all good"));
    server.createContext(
        "/down",
        ex -> {
          ex.getResponseHeaders().add("X-Internal-Token", "header-secret");
          reply(
              ex,
              503,
              "<html>\n  <body>Service\tUnavailable for token "
                  + ex.getRequestURI().getQuery()
                  + "</body>\n"
                  + "x".repeat(1_000_000));
        });
    server.createContext("/hop", ex -> redirect(ex, "/ok"));
    server.createContext(
        "/away", ex -> redirect(ex, "http://localhost:" + server.getAddress().getPort() + "/ok"));
    server.createContext(
        "/loop",
        ex -> {
          loops.incrementAndGet();
          redirect(ex, "/loop");
        });
    server.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(ex, 200, "late");
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    } catch (IOException e) {
      // the probe stops reading after the first bytes
    }
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static HttpProbe.Answer get(String path) {
    return probe.get(base + path, Duration.ofSeconds(5), true);
  }

  @Test
  void okAnswersItsStatusAndBody() {
    assertThat(get("/ok")).isEqualTo(new HttpProbe.Response(200, "all good"));
  }

  @Test
  void anErrorPageBecomesAShortOneLineExcerptWithoutSecretsOrHeaders() {
    HttpProbe.Answer a = get("/down?token=s3cr3t-value");
    assertThat(a).isInstanceOf(HttpProbe.Response.class);
    HttpProbe.Response r = (HttpProbe.Response) a;
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.excerpt())
        .hasSize(HttpProbe.EXCERPT_CHARS)
        .startsWith("<html> <body>Service Unavailable for token <redacted></body> xxx")
        .endsWith("…")
        .doesNotContain("s3cr3t")
        .doesNotContain("header-secret")
        .doesNotContain("\n");
  }

  @Test
  void redirectsToTheSameHostAreFollowed() {
    assertThat(get("/hop")).isEqualTo(new HttpProbe.Response(200, "all good"));
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowed() {
    assertThat(get("/away"))
        .isEqualTo(
            new HttpProbe.NoResponse(
                "302 redirect to another host, not followed: http://localhost:"
                    + server.getAddress().getPort()
                    + "/ok"));
  }

  @Test
  void atMostThreeRedirectsAreFollowed() {
    loops.set(0);
    assertThat(get("/loop")).isEqualTo(new HttpProbe.NoResponse("more than 3 redirects"));
    assertThat(loops.get()).isEqualTo(1 + HttpProbe.MAX_REDIRECTS);
  }

  @Test
  void anExpectedRedirectIsAnsweredAsItIs() {
    assertThat(probe.get(base + "/hop", Duration.ofSeconds(5), false))
        .isEqualTo(new HttpProbe.Response(302, ""));
  }

  @Test
  void theTimeoutBoundsTheWholeCheck() {
    long start = System.nanoTime();
    assertThat(probe.get(base + "/slow", Duration.ofSeconds(1), true))
        .isEqualTo(new HttpProbe.NoResponse("timed out after 1s"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aClosedPortIsAConnectionError() throws IOException {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertThat(probe.get("http://127.0.0.1:" + port + "/x", Duration.ofSeconds(5), true))
        .isEqualTo(new HttpProbe.NoResponse("connection refused"));
  }

  @Test
  void redirectRulesCompareHostSchemeAndPort() {
    java.net.URI from = java.net.URI.create("http://api.example.com/a");
    assertThat(HttpProbe.sameHost(from, from.resolve("/b"))).isTrue();
    assertThat(HttpProbe.sameHost(from, java.net.URI.create("https://API.example.com/b"))).isTrue();
    assertThat(HttpProbe.sameHost(from, java.net.URI.create("https://api.example.com:8443/b")))
        .isFalse();
    assertThat(HttpProbe.sameHost(from, java.net.URI.create("http://api.example.com:8080/b")))
        .isFalse();
    assertThat(HttpProbe.sameHost(from, java.net.URI.create("http://evil.example.com/a")))
        .isFalse();
    assertThat(
            HttpProbe.sameHost(
                java.net.URI.create("https://api.example.com/a"),
                java.net.URI.create("http://api.example.com/a")))
        .as("no downgrade from https")
        .isFalse();
  }
}
