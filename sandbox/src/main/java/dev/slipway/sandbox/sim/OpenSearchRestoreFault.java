package dev.slipway.sandbox.sim;

/** What goes wrong when a seeded snapshot is restored, so the refresh's failure paths can run. */
public enum OpenSearchRestoreFault {
  /** The restore behaves: red, then yellow, then green. */
  NONE,
  /** The restore is accepted but its primaries never recover: the indices stay red. */
  STAYS_RED,
  /**
   * The restore request is refused the way OpenSearch refuses a snapshot taken by a newer version
   * than the domain runs (production upgraded before staging).
   */
  REJECTED
}
