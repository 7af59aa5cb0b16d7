package dev.slipway.stateful;

/** One invariant broken after one step, with what the test saw. */
record Violation(Invariant invariant, String detail) {
  @Override
  public String toString() {
    return invariant.id + ": " + detail;
  }
}
