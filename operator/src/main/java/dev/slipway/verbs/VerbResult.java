package dev.slipway.verbs;

/**
 * What a CI verb printed and how it ended, so the same run can be printed locally or carried back
 * from the sandbox as JSON.
 */
public record VerbResult(String stdout, String stderr, int exitCode) {
  /** Nothing to change, no problems. */
  public static final int OK = 0;

  /** diff: changes pending; verify: problems found. */
  public static final int CHANGES = 1;

  /** The manifest is not valid (nothing was asked of AWS). */
  public static final int INVALID = 2;

  /** AWS could not be asked or did not answer (credentials, throttling, outage). */
  public static final int AWS_ERROR = 3;
}
