package dev.slipway.verbs;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.AwsUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Tells an answer about the manifest (AWS said "not found", "access denied": a problem to report)
 * from a failure to ask at all (no credentials, throttled, 5xx, network: exit code 3).
 */
final class AwsFailure {
  private AwsFailure() {}

  /** True when the error says nothing about the manifest, only that AWS could not be asked. */
  static boolean couldNotAsk(Throwable e) {
    if (e instanceof AwsRateLimitedException || e instanceof AwsUnavailableException) return true;
    if (AwsErrors.isRetryable(e)) return true;
    // No credentials, unknown Region and the like come as client-side SDK exceptions.
    return e instanceof SdkException && AwsErrors.errorCode(e) == null;
  }

  /** The error code and message, never a stack trace. */
  static String describe(Throwable e) {
    String code = AwsErrors.errorCode(e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = message.indexOf(" (Service:");
    if (cut > 0) message = message.substring(0, cut);
    return code == null ? message : code + ": " + message;
  }
}
