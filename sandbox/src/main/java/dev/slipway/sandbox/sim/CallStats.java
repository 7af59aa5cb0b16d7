package dev.slipway.sandbox.sim;

/** Counters for one (service, operation): requests received, throttled and fault-injected. */
public record CallStats(long received, long throttled, long faulted) {
  static final CallStats ZERO = new CallStats(0, 0, 0);

  /** Requests that reached the simulated service's logic (neither throttled nor pre-failed). */
  public long accepted() {
    return received - throttled - faulted;
  }
}
