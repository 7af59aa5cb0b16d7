package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The production signer against a local HTTP server standing in for a domain endpoint: what goes
 * over the wire is a SigV4 request for service es in the target's Region, host and date signed, the
 * body's digest matching, the session token sent; no answer is a retryable client error.
 */
class SigV4OpenSearchHttpTest {
  private final AtomicReference<Headers> headers = new AtomicReference<>();
  private final AtomicReference<String> seen = new AtomicReference<>();
  private final HttpServer server = server();
  private final String endpoint = "127.0.0.1:" + server.getAddress().getPort();
  private final SigV4OpenSearchHttp http =
      new SigV4OpenSearchHttp(
          "http",
          "eu-west-1",
          StaticCredentialsProvider.create(
              AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "the-session-token")),
          SigV4OpenSearchHttp.newClient(),
          Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void requestsAreSignedForEsInTheRegionWithTheBodyDigest() throws Exception {
    byte[] body = "{\"indices\":\"orders\"}".getBytes(StandardCharsets.UTF_8);
    OpenSearchHttp.Response r =
        http.send(
            endpoint,
            new OpenSearchHttp.Request("POST", "/_snapshot/prod/snap-1/_restore?x=a%2Cb", body));

    assertThat(r.status()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    assertThat(seen.get()).isEqualTo("POST /_snapshot/prod/snap-1/_restore?x=a%2Cb");
    Headers h = headers.get();
    String auth = h.getFirst("Authorization");
    assertThat(auth)
        .startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/")
        .contains("/eu-west-1/es/aws4_request")
        .containsPattern("SignedHeaders=[a-z0-9;-]*host;[a-z0-9;-]*x-amz-date")
        .containsPattern("Signature=[0-9a-f]{64}");
    assertThat(h.getFirst("X-Amz-Content-Sha256")).isEqualTo(sha256(body));
    assertThat(h.getFirst("X-Amz-Security-Token")).isEqualTo("the-session-token");
    assertThat(h.getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(h.getFirst("Host")).isEqualTo(endpoint);
  }

  @Test
  void noAnswerIsATransientClientError() {
    server.stop(0);
    assertThatThrownBy(
            () -> http.send(endpoint, new OpenSearchHttp.Request("GET", "/_cluster/health", null)))
        .isInstanceOf(SdkClientException.class)
        .hasMessageStartingWith("GET /_cluster/health on " + endpoint)
        .satisfies(e -> assertThat(AwsErrors.isTransientClientError(e)).isTrue())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Signature"));
  }

  private HttpServer server() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      s.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              headers.set(exchange.getRequestHeaders());
              seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
              byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, out.length);
              exchange.getResponseBody().write(out);
            }
          });
      s.start();
      return s;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] body) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
  }
}
