package dev.slipway.stateful;

/**
 * The operator process dying in the middle of a pass. An {@link Error}, not an exception, so no
 * reconciler's catch block can mistake it for a failed call and carry on: the pass simply stops
 * where it was, as it would when the pod is killed.
 */
final class OperatorCrash extends Error {
  OperatorCrash(String where) {
    super("operator crashed " + where, null, false, false);
  }
}
