package dev.slipway.aws;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * {@link OpenSearchHttp} over the JDK HttpClient, each request signed with the SDK's SigV4 signer
 * for service "es" in the target's Region, with the credentials the target's SDK clients use.
 * Requests are signed with the wall clock (AWS refuses signatures more than 15 minutes off its own
 * time, whatever clock reconciles). Nothing here logs: headers carry the signature.
 */
public final class SigV4OpenSearchHttp implements OpenSearchHttp {
  /** The signing name of OpenSearch Service domains (not "aoss", which is Serverless). */
  static final String SERVICE = "es";

  /** Headers the JDK client sets itself and refuses from callers; they are signed as sent. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length");

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final String scheme;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param scheme "https" for real domains; the simulator's local endpoints are "http"
   * @param client shared; it holds connections, not credentials
   * @param timeout for one request, answer included
   */
  public SigV4OpenSearchHttp(
      String scheme,
      String region,
      AwsCredentialsProvider credentials,
      HttpClient client,
      Duration timeout) {
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("scheme is https or http");
    }
    this.scheme = scheme;
    this.region = Objects.requireNonNull(region, "region");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A JDK client suited to domain endpoints: HTTP/1.1 (what the domains speak), short connects. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Response send(String endpoint, Request request) {
    SdkHttpRequest signed = sign(endpoint, request);
    HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri()).timeout(timeout);
    signed
        .headers()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    b.method(
        request.method(),
        request.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body() == null ? new byte[0] : r.body());
    } catch (IOException e) {
      // Only the method and path: the request's headers hold the signature.
      throw SdkClientException.create(
          request.method() + " " + pathOnly(request.path()) + " on " + endpoint + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdkClientException.create("interrupted calling " + endpoint, e);
    }
  }

  private SdkHttpRequest sign(String endpoint, Request request) {
    SdkHttpFullRequest.Builder unsigned =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.fromValue(request.method()))
            .uri(URI.create(scheme + "://" + endpoint + request.path()));
    if (request.body() != null) unsigned.putHeader("Content-Type", "application/json");
    SignedRequest signed =
        SIGNER.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(unsigned.build())
                    .payload(
                        request.body() == null
                            ? null
                            : ContentStreamProvider.fromByteArrayUnsafe(request.body()))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    return signed.request();
  }

  private static String pathOnly(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
