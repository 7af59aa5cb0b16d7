package dev.slipway.aws;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/** Blocks the calling thread for a while; a seam so tests can advance a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

  void sleepNanos(long nanos) throws InterruptedException;

  /**
   * Sleeps, turning an interrupt into an unchecked {@link CancellationException} (with the thread's
   * interrupt flag restored) so an operator shutting down is not blocked by a backoff.
   */
  default void sleepOrCancel(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      sleepNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("interrupted while waiting");
      cancelled.initCause(e);
      throw cancelled;
    }
  }

  /** Really sleeps. */
  static Sleeper system() {
    return TimeUnit.NANOSECONDS::sleep;
  }
}
