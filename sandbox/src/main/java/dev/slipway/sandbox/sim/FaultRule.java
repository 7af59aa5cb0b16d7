package dev.slipway.sandbox.sim;

/**
 * Fault settings for one operation (or "*"): how often a call fails before being applied, with
 * which error, how much real latency is added, and how often a call is applied but still answered
 * with a 500 (a lost response).
 */
public record FaultRule(double errorRate, FaultKind kind, long latencyMs, double afterApplyRate) {

  public FaultRule {
    checkRate(errorRate);
    checkRate(afterApplyRate);
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    if (kind == null) {
      kind = FaultKind.INTERNAL_FAILURE;
    }
  }

  /** Calls fail with {@code kind} at {@code rate}, before any side effect. */
  public static FaultRule errors(double rate, FaultKind kind) {
    return new FaultRule(rate, kind, 0, 0);
  }

  /** Every call is delayed by {@code ms} of real time. */
  public static FaultRule latency(long ms) {
    return new FaultRule(0, FaultKind.INTERNAL_FAILURE, ms, 0);
  }

  /** Calls are applied, then answered with a 500 at {@code rate}. */
  public static FaultRule lostResponses(double rate) {
    return new FaultRule(0, FaultKind.INTERNAL_FAILURE, 0, rate);
  }

  private static void checkRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rates are between 0 and 1");
    }
  }
}
