package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running domain endpoints. Servers start lazily, when a domain is seeded, and share one pool
 * of daemon threads so a simulator that is never closed does not keep the JVM alive.
 */
final class OpenSearchEndpoints implements AutoCloseable {
  private final List<OpenSearchEndpoint> running = new ArrayList<>();
  private final AtomicInteger threads = new AtomicInteger();
  private final CallGate gate;
  private ExecutorService executor;

  OpenSearchEndpoints(CallGate gate) {
    this.gate = gate;
  }

  synchronized void start(OpenSearchDomain domain, OpenSearchSnapshotSources sources) {
    if (executor == null) {
      executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "opensearch-endpoint-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    running.add(OpenSearchEndpoint.start(domain, sources, gate, executor));
  }

  /** Stops every endpoint; domains seeded afterwards start new ones. */
  @Override
  public synchronized void close() {
    running.forEach(OpenSearchEndpoint::stop);
    running.clear();
    if (executor != null) executor.shutdownNow();
    executor = null;
  }
}
