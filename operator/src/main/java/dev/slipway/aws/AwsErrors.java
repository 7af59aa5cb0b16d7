package dev.slipway.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Classifies AWS SDK failures: throttling, server-side, transient client-side, or permanent. */
public final class AwsErrors {

  /** Error codes AWS services use for request throttling (they differ between services). */
  private static final Set<String> THROTTLING_CODES =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "ThrottledException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled",
          "ProvisionedThroughputExceededException");

  /** Bounds cause-chain walks so a self-referencing cause cannot loop forever. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private AwsErrors() {}

  /** The AWS error code (e.g. "ServiceNotFoundException") of the failure, or null if none. */
  public static String errorCode(Throwable error) {
    SdkServiceException service = serviceException(error);
    if (service instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().errorCode();
    }
    return null;
  }

  /** True when AWS rejected the request because of its request-rate limits. */
  public static boolean isThrottling(Throwable error) {
    SdkServiceException service = serviceException(error);
    if (service == null) {
      return false;
    }
    // A HEAD response (S3 HeadObject) has no body and so no error code; Set.of refuses null.
    String code = errorCode(service);
    return (code != null && THROTTLING_CODES.contains(code)) || service.isThrottlingException();
  }

  /** True for an AWS 5xx response that is not throttling (some services throttle with 503). */
  public static boolean isServerError(Throwable error) {
    SdkServiceException service = serviceException(error);
    return service != null && service.statusCode() >= 500 && !isThrottling(service);
  }

  /**
   * True for failures on our side of the wire that another attempt may not hit: an attempt timeout,
   * or an SDK client error caused by I/O (connection reset, socket timeout) or a timeout.
   */
  public static boolean isTransientClientError(Throwable error) {
    Throwable current = error;
    boolean insideSdkClientError = false;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (current instanceof ApiCallAttemptTimeoutException) {
        return true;
      }
      if (current instanceof SdkClientException) {
        insideSdkClientError = true;
      } else if (insideSdkClientError && isIoOrTimeout(current)) {
        return true;
      }
      current = current.getCause();
    }
    return false;
  }

  /**
   * True when AWS (or the path to it) is failing rather than refusing: 5xx or transient client
   * errors. This is what the circuit breaker counts; throttling and 4xx prove the service is up.
   */
  public static boolean isServiceFailure(Throwable error) {
    return isServerError(error) || isTransientClientError(error);
  }

  /**
   * True when another attempt of the same request may succeed. 4xx (other than throttling) never.
   */
  public static boolean isRetryable(Throwable error) {
    return isThrottling(error) || isServiceFailure(error);
  }

  private static boolean isIoOrTimeout(Throwable error) {
    return error instanceof IOException
        || error instanceof UncheckedIOException
        || error instanceof TimeoutException;
  }

  private static SdkServiceException serviceException(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (current instanceof SdkServiceException service) {
        return service;
      }
      current = current.getCause();
    }
    return null;
  }
}
