package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Serves watches from the CRUD mock's watch listeners over either transport: WebSocket (fabric8) or
 * a chunked HTTP stream (kubectl and client-go, which the mock cannot stream on its own).
 */
final class WatchBridge {
  private static final Set<String> WATCH_PARAMS = Set.of("labelSelector", "watch");

  private final KubernetesCrudDispatcher crud;
  private final Vertx vertx;
  private final Tombstones tombstones;
  private final CustomResources resources;
  private final ServerTables tables;

  WatchBridge(
      KubernetesCrudDispatcher crud,
      Vertx vertx,
      Tombstones tombstones,
      CustomResources resources,
      ServerTables tables) {
    this.crud = crud;
    this.vertx = vertx;
    this.tombstones = tombstones;
    this.resources = resources;
    this.tables = tables;
  }

  void open(HttpServerRequest http, ApiRequest request) {
    RecordedRequest recorded = request.keepingOnly(WATCH_PARAMS).toRecorded();
    MockResponse reply = crud.dispatch(recorded);
    WebSocketListener listener = reply.getWebSocketListener();
    if (listener == null) {
      KubeHttpFront.send(http, reply);
      return;
    }
    EventFilter filter = new EventFilter(request, shape(request));
    if (isUpgrade(http)) {
      http.toWebSocket()
          .onSuccess(
              ws -> attach(request, listener, reply, new WebSocketSink(recorded, ws, filter)))
          .onFailure(e -> listener.onClosed(null, 1011, e.getMessage()));
    } else {
      attach(request, listener, reply, new StreamSink(recorded, http.response(), filter));
    }
  }

  private void attach(
      ApiRequest request, WebSocketListener listener, MockResponse reply, Sink sink) {
    sink.onClientGone(
        () -> {
          sink.closed.set(true);
          // Both the close and end handlers may fire; the listener must be released only once.
          if (sink.released.compareAndSet(false, true)) {
            listener.onClosed(sink, 1000, "watch closed");
          }
        });
    long timeout = sink.filter.timeoutSeconds();
    if (timeout > 0) {
      // Real API servers end watches after timeoutSeconds; clients then re-list or re-watch.
      vertx.setTimer(timeout * 1000, id -> sink.close(1000, "timeout"));
    }
    // Deletions since the client's resourceVersion first: the mock only replays live objects.
    tombstones.since(request.path(), sink.filter.sinceVersion()).forEach(sink::send);
    listener.onOpen(sink, reply);
  }

  /**
   * kubectl get -w asks for Tables; each event's object then becomes a one-row Table of the CRD's
   * printer columns, as kube-apiserver sends it.
   */
  private UnaryOperator<String> shape(ApiRequest request) {
    if (!ServerTables.wantsTable(request)) {
      return UnaryOperator.identity();
    }
    return resources
        .resolve(request.path())
        .<UnaryOperator<String>>map(
            target ->
                event -> {
                  ObjectNode node = (ObjectNode) CrudShim.parse(event);
                  var columns = target.version().getAdditionalPrinterColumns();
                  node.set(
                      "object",
                      tables.table(
                          node.path("object"),
                          columns == null ? List.of() : columns,
                          request.param("includeObject")));
                  return node.toString();
                })
        .orElse(UnaryOperator.identity());
  }

  private static boolean isUpgrade(HttpServerRequest http) {
    String upgrade = http.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  /** Drops events the client did not ask for: other names via field selector, or stale ADDs. */
  private record EventFilter(
      FieldSelector selector, long sinceVersion, long timeoutSeconds, UnaryOperator<String> shape) {
    EventFilter(ApiRequest request, UnaryOperator<String> shape) {
      this(
          FieldSelector.parse(request.param("fieldSelector")),
          numberOr(request.param("resourceVersion"), 0),
          numberOr(request.param("timeoutSeconds"), 0),
          shape);
    }

    boolean accepts(String event) {
      JsonNode node = CrudShim.parse(event);
      JsonNode object = node.path("object");
      if (!selector.matches(object)) {
        return false;
      }
      // The mock replays every existing object as ADDED when a watch opens; a client that listed
      // at resourceVersion N already has those, and kubectl would print them twice.
      long version = numberOr(object.path("metadata").path("resourceVersion").asText(), -1);
      return !("ADDED".equals(node.path("type").asText())
          && version >= 0
          && version <= sinceVersion);
    }

    private static long numberOr(String value, long fallback) {
      try {
        return value == null ? fallback : Long.parseLong(value);
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
  }

  /** The mock's listener writes to a {@link WebSocket}; each sink adapts that to a transport. */
  private abstract static class Sink implements WebSocket {
    final RecordedRequest request;
    final EventFilter filter;
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean released = new AtomicBoolean();

    Sink(RecordedRequest request, EventFilter filter) {
      this.request = request;
      this.filter = filter;
    }

    abstract void onClientGone(Runnable action);

    abstract void write(String event);

    abstract void end(int code, String reason);

    @Override
    public RecordedRequest request() {
      return request;
    }

    @Override
    public boolean send(String event) {
      if (closed.get()) {
        return false;
      }
      if (filter.accepts(event)) {
        write(filter.shape().apply(event));
      }
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return send(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public boolean close(int code, String reason) {
      if (closed.compareAndSet(false, true)) {
        end(code, reason);
      }
      return true;
    }
  }

  /** Newline-delimited JSON events on a chunked HTTP response, as kube-apiserver streams them. */
  private static final class StreamSink extends Sink {
    private final HttpServerResponse response;

    StreamSink(RecordedRequest request, HttpServerResponse response, EventFilter filter) {
      super(request, filter);
      this.response = response;
      response.setChunked(true).putHeader("Content-Type", "application/json");
      response.setStatusCode(200).writeHead();
    }

    @Override
    void onClientGone(Runnable action) {
      response.closeHandler(v -> action.run());
      response.endHandler(v -> action.run());
    }

    @Override
    void write(String event) {
      response.write(event + "\n");
    }

    @Override
    void end(int code, String reason) {
      response.end();
    }
  }

  /** One text frame per event, the framing fabric8's watch manager expects. */
  private static final class WebSocketSink extends Sink {
    private final ServerWebSocket socket;

    WebSocketSink(RecordedRequest request, ServerWebSocket socket, EventFilter filter) {
      super(request, filter);
      this.socket = socket;
    }

    @Override
    void onClientGone(Runnable action) {
      socket.closeHandler(v -> action.run());
    }

    @Override
    void write(String event) {
      socket.writeTextMessage(event);
    }

    @Override
    void end(int code, String reason) {
      socket.close((short) code, reason);
    }
  }
}
