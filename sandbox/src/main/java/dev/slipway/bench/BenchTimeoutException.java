package dev.slipway.bench;

/** A benchmark phase did not finish: too slow, or a release ended Failed or RolledBack. */
public final class BenchTimeoutException extends RuntimeException {
  BenchTimeoutException(String message) {
    super(message);
  }
}
