package dev.slipway.sandbox.kube;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener: answers discovery, OpenAPI and version requests itself, streams watches, and
 * hands every other call to the CRUD shim.
 */
final class KubeHttpFront {
  private static final Logger LOG = LoggerFactory.getLogger(KubeHttpFront.class);

  private final CrudShim crud;
  private final WatchBridge watches;
  private final ApiDiscovery discovery;
  private final OpenApiDocuments openApi;
  private final HttpServer server;

  /** Extra read-only JSON documents by path, answered to GET before the CRUD store is asked. */
  private final Map<String, Supplier<String>> extras = new ConcurrentHashMap<>();

  /** POST endpoints under /sandbox/ (the CI verbs). */
  final SandboxPosts posts = new SandboxPosts();

  private KubeHttpFront(Vertx vertx, CrudShim crud, WatchBridge watches, ApiDiscovery discovery) {
    this.crud = crud;
    this.watches = watches;
    this.discovery = discovery;
    this.openApi = new OpenApiDocuments(discovery);
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"));
    server.requestHandler(this::route);
  }

  static KubeHttpFront listen(
      Vertx vertx, int port, CrudShim crud, WatchBridge watches, ApiDiscovery discovery) {
    KubeHttpFront front = new KubeHttpFront(vertx, crud, watches, discovery);
    await(front.server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture());
    return front;
  }

  int port() {
    return server.actualPort();
  }

  void serveJson(String path, Supplier<String> document) {
    extras.put(path, document);
  }

  void close() {
    await(server.close().toCompletionStage().toCompletableFuture());
  }

  private void route(HttpServerRequest http) {
    ApiRequest head = ApiRequest.of(method(http), http.uri(), headers(http), "");
    if (head.isWatch()) {
      // Watches are long-lived and must claim the connection before any body handling.
      watches.open(http, head);
      return;
    }
    http.body()
        .onSuccess(body -> answer(http, head, body))
        .onFailure(e -> http.response().setStatusCode(400).end(String.valueOf(e.getMessage())));
  }

  private void answer(HttpServerRequest http, ApiRequest head, Buffer body) {
    ApiRequest request;
    try {
      request = withBody(head, body);
    } catch (ProtobufBodies.Unsupported e) {
      send(http, CrudShim.unsupportedMediaType(e.getMessage()));
      return;
    }
    MockResponse response;
    try {
      response = staticDocument(request).orElseGet(() -> crud.handle(request));
    } catch (RuntimeException e) {
      LOG.warn("request {} {} failed", request.method(), http.uri(), e);
      response =
          CrudShim.json(
              500,
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":"
                  + "\"Failure\",\"code\":500,\"reason\":\"InternalError\",\"message\":"
                  + Serialization.asJson(String.valueOf(e.getMessage()))
                  + "}");
    }
    send(http, response);
  }

  /** The request with its body as text; protobuf bodies (typed kubectl commands) become JSON. */
  private static ApiRequest withBody(ApiRequest head, Buffer body) {
    if (ProtobufBodies.isProtobuf(head.contentType()) && body.length() > 0) {
      return head.withBody("application/json", ProtobufBodies.toJson(body.getBytes()));
    }
    return new ApiRequest(
        head.method(), head.path(), head.query(), head.headers(), body.toString(UTF_8_NAME));
  }

  /** Documents the CRUD mock knows nothing about; empty means "ask the CRUD store". */
  private Optional<MockResponse> staticDocument(ApiRequest request) {
    if (request.method() == HttpMethod.POST) {
      Optional<MockResponse> posted = posts.answer(request);
      if (posted.isPresent()) return posted;
      return StaticDocuments.accessReview(request.path(), request.body());
    }
    if (request.method() != HttpMethod.GET) {
      return Optional.empty();
    }
    String path = stripTrailingSlash(request.path());
    Supplier<String> extra = extras.get(path);
    if (extra != null) {
      return Optional.of(CrudShim.jsonOk(extra.get()));
    }
    List<String> segments = List.of(path.substring(1).split("/"));
    if (path.equals("/api")) {
      return ok(discovery.coreVersions());
    }
    if (path.equals("/apis")) {
      return ok(discovery.groups());
    }
    if (path.equals("/api/v1")) {
      return discovery.resources("v1").map(KubeHttpFront::jsonOk);
    }
    if (segments.size() == 3 && segments.get(0).equals("apis")) {
      return Optional.of(
          discovery
              .resources(segments.get(1) + "/" + segments.get(2))
              .map(KubeHttpFront::jsonOk)
              .orElseGet(() -> CrudShim.json(404, "{}")));
    }
    if (path.startsWith("/openapi/")) {
      // Only v3 exists; kubectl reads v2 as protobuf, so a 404 beats a JSON body it can't parse.
      return Optional.of(
          openApi.forPath(path).map(CrudShim::jsonOk).orElseGet(() -> CrudShim.json(404, "{}")));
    }
    return StaticDocuments.forPath(path);
  }

  static void send(HttpServerRequest http, MockResponse response) {
    HttpServerResponse out = http.response().setStatusCode(response.code());
    response.getHeaders().toMultimap().forEach(out::putHeader);
    byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
    out.end(Buffer.buffer(body));
  }

  private static Optional<MockResponse> ok(Object document) {
    return Optional.of(jsonOk(document));
  }

  private static MockResponse jsonOk(Object document) {
    return CrudShim.jsonOk(Serialization.asJson(document));
  }

  private static HttpMethod method(HttpServerRequest http) {
    return HttpMethod.fromVertx(http.method());
  }

  private static Headers headers(HttpServerRequest http) {
    Headers.Builder builder = Headers.builder();
    for (Map.Entry<String, String> header : http.headers()) {
      builder.add(header.getKey(), header.getValue());
    }
    return builder.build();
  }

  private static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("embedded API server did not respond", e);
    }
  }

  private static final String UTF_8_NAME = StandardCharsets.UTF_8.name();
}
