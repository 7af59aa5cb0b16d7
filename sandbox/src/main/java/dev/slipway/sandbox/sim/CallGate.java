package dev.slipway.sandbox.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * The path every simulated API call takes: count it, throttle it, maybe inject a fault, then run it
 * against the region's state under that state's lock, after bringing the state up to date.
 */
final class CallGate {
  private static final int RECEIVED = 0;
  private static final int THROTTLED = 1;
  private static final int FAULTED = 2;

  private final Map<String, AtomicLongArray> counters = new ConcurrentHashMap<>();
  private final Throttler throttler = new Throttler();
  private final Faults faults;
  private volatile boolean throttling;

  CallGate(Faults faults, boolean throttling) {
    this.faults = faults;
    this.throttling = throttling;
  }

  void throttling(boolean on) {
    this.throttling = on;
  }

  <T> T call(RegionState state, String service, String operation, Supplier<T> body) {
    AtomicLongArray c = counters.computeIfAbsent(service + ":" + operation, k -> counter());
    c.incrementAndGet(RECEIVED);
    if (throttling && !throttler.tryAcquire(state.account, state.region, service, operation)) {
      c.incrementAndGet(THROTTLED);
      throw AwsErrors.throttled(service);
    }
    Faults.Decision decision = faults.decide(service, operation);
    sleep(decision.latencyMs());
    if (decision.error() != null) {
      c.incrementAndGet(FAULTED);
      throw AwsErrors.fault(service, decision.error());
    }
    T result;
    synchronized (state) {
      state.advance();
      result = body.get();
    }
    if (decision.failAfterApply()) {
      c.incrementAndGet(FAULTED);
      throw AwsErrors.fault(service, FaultKind.INTERNAL_FAILURE);
    }
    return result;
  }

  /**
   * The gate of a request served outside any region's state (a domain endpoint's HTTP request,
   * which takes the domain's own lock): counted and maybe faulted like any call, never throttled (a
   * domain has no API bucket; its thread pools answer 429 through a fault rule). The caller answers
   * with the decision's error itself, or after serving fails it if the decision says so.
   */
  Faults.Decision admit(String service, String operation) {
    AtomicLongArray c = counters.computeIfAbsent(service + ":" + operation, k -> counter());
    c.incrementAndGet(RECEIVED);
    Faults.Decision decision = faults.decide(service, operation);
    sleep(decision.latencyMs());
    if (decision.error() != null) c.incrementAndGet(FAULTED);
    return decision;
  }

  /** Counts an admitted request answered with an injected error after all (a lost response). */
  void faulted(String service, String operation) {
    counters.computeIfAbsent(service + ":" + operation, k -> counter()).incrementAndGet(FAULTED);
  }

  Map<String, CallStats> snapshot() {
    Map<String, CallStats> out = new TreeMap<>();
    counters.forEach(
        (k, v) -> out.put(k, new CallStats(v.get(RECEIVED), v.get(THROTTLED), v.get(FAULTED))));
    return out;
  }

  void reset() {
    counters.clear();
  }

  private static AtomicLongArray counter() {
    return new AtomicLongArray(3);
  }

  private static void sleep(long ms) {
    if (ms <= 0) return;
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
