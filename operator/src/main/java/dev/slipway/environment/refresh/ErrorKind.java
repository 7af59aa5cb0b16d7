package dev.slipway.environment.refresh;

/** What a failed refresh step needs before it can succeed. */
enum ErrorKind {
  /** Time: AWS is busy, an identifier is still being freed, capacity comes back. Retried. */
  WAIT_AND_RETRY("wait-and-retry"),
  /** A person: a source not shared, a missing permission. Retried slowly, reported. */
  FIX_AND_RETRY("fix-and-retry"),
  /** This run cannot succeed (a bad parameter, a cluster that is not ours). The run fails. */
  FATAL("fatal");

  final String text;

  ErrorKind(String text) {
    this.text = text;
  }
}
