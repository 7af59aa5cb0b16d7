package dev.slipway.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A JDK HttpClient that signs each request with the SDK's SigV4 signer for service "es", the way
 * the operator calls a domain endpoint. {@code tamper} may rewrite the signed request before it is
 * sent, to test what the endpoint refuses.
 */
final class SignedHttp {
  /** Headers the JDK client sets itself and will not take from the caller. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length");

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String endpoint;
  private final String region;
  private final String service;
  private final AwsBasicCredentials credentials =
      AwsBasicCredentials.create("AKIASIMULATOR0TEST01", "not-checked-by-the-simulator");

  /** One HTTP answer; {@code json} is null when the body is empty or not JSON. */
  record Reply(int status, String body, JsonNode json) {}

  SignedHttp(String endpoint, String region) {
    this(endpoint, region, "es");
  }

  SignedHttp(String endpoint, String region, String service) {
    this.endpoint = endpoint;
    this.region = region;
    this.service = service;
  }

  Reply get(String path) {
    return send("GET", path, null);
  }

  Reply send(String method, String path, String body) {
    return send(method, path, body, UnaryOperator.identity());
  }

  Reply send(String method, String path, String body, UnaryOperator<SdkHttpRequest> tamper) {
    return send(method, path, body, body, tamper, Clock.systemUTC());
  }

  /** Signs {@code signedBody} but sends {@code sentBody}, as a client that edits after signing. */
  Reply sendOtherBody(String method, String path, String signedBody, String sentBody) {
    return send(method, path, signedBody, sentBody, UnaryOperator.identity(), Clock.systemUTC());
  }

  /** Signs with {@code clock} instead of the wall clock. */
  Reply getSignedAt(Clock clock, String path) {
    return send("GET", path, null, null, UnaryOperator.identity(), clock);
  }

  private Reply send(
      String method,
      String path,
      String body,
      String sentBody,
      UnaryOperator<SdkHttpRequest> tamper,
      Clock clock) {
    SdkHttpFullRequest.Builder unsigned =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.fromValue(method))
            .uri(URI.create("http://" + endpoint + path));
    if (body != null) unsigned.putHeader("Content-Type", "application/json");
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials)
                        .request(unsigned.build())
                        .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    SdkHttpRequest request = tamper.apply(signed.request());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(10));
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase())) values.forEach(v -> b.header(name, v));
            });
    return exchange(b, method, sentBody);
  }

  /** The same call with no signature at all. */
  Reply unsigned(String method, String path) {
    return exchange(HttpRequest.newBuilder(URI.create("http://" + endpoint + path)), method, null);
  }

  private Reply exchange(HttpRequest.Builder b, String method, String body) {
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), parse(r.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isEmpty()) return null;
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
