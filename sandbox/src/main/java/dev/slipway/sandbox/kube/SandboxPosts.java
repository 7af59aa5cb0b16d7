package dev.slipway.sandbox.kube;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POST endpoints outside the Kubernetes API (under /sandbox/...), answered with JSON before the
 * CRUD store is asked; e.g. the CI verbs run against the sandbox's simulator.
 */
public final class SandboxPosts {
  /** Answers one POST: the path after the prefix, the decoded query and the body; returns JSON. */
  public interface Handler {
    String handle(String rest, Map<String, String> query, String body);
  }

  private final Map<String, Handler> byPrefix = new ConcurrentHashMap<>();

  void register(String prefix, Handler handler) {
    if (!prefix.startsWith("/sandbox/")) throw new IllegalArgumentException("reserved: " + prefix);
    byPrefix.put(prefix, handler);
  }

  Optional<MockResponse> answer(ApiRequest request) {
    if (request.method() != HttpMethod.POST) return Optional.empty();
    for (Map.Entry<String, Handler> e : byPrefix.entrySet()) {
      if (request.path().startsWith(e.getKey())) {
        String rest = request.path().substring(e.getKey().length());
        return Optional.of(
            CrudShim.jsonOk(e.getValue().handle(rest, request.query(), request.body())));
      }
    }
    return Optional.empty();
  }
}
