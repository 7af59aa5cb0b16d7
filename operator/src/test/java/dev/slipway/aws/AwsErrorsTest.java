package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Classification of SDK failures into throttling, server, transient and permanent. */
class AwsErrorsTest {

  @Test
  void throttlingCodesAreThrottlingAndRetryableButNotServiceFailures() {
    for (String code :
        new String[] {
          "ThrottlingException",
          "Throttling",
          "ThrottledException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled",
          "ProvisionedThroughputExceededException"
        }) {
      Classification check = new Classification(AwsFaults.aws(400, code));
      assertThat(check.throttling).as(code).isTrue();
      assertThat(check.retryable).as(code).isTrue();
      assertThat(check.serviceFailure).as(code).isFalse();
    }
  }

  @Test
  void throttlingWith503IsThrottlingNotServerError() {
    assertThat(AwsErrors.isServerError(AwsFaults.aws(503, "RequestThrottled"))).isFalse();
    assertThat(AwsErrors.isThrottling(AwsFaults.aws(503, "RequestThrottled"))).isTrue();
  }

  @Test
  void serverErrorsAreRetryableServiceFailures() {
    assertThat(AwsErrors.isServerError(AwsFaults.aws(500, "InternalFailure"))).isTrue();
    assertThat(AwsErrors.isRetryable(AwsFaults.serverError())).isTrue();
    assertThat(AwsErrors.isServiceFailure(AwsFaults.serverError())).isTrue();
  }

  @Test
  void anErrorWithoutACodeIsClassifiedByItsStatus() {
    // S3 answers HEAD requests without a body, so the SDK has no error code, only the status.
    assertThat(AwsErrors.isThrottling(AwsFaults.aws(403, null))).isFalse();
    assertThat(AwsErrors.isRetryable(AwsFaults.aws(403, null))).isFalse();
    assertThat(AwsErrors.isRetryable(AwsFaults.aws(503, null))).isTrue();
  }

  @Test
  void clientErrorsAreNotRetryable() {
    assertThat(AwsErrors.isRetryable(AwsFaults.validation())).isFalse();
    assertThat(AwsErrors.isRetryable(AwsFaults.aws(400, "ServiceNotFoundException"))).isFalse();
    assertThat(AwsErrors.isRetryable(AwsFaults.aws(403, "AccessDeniedException"))).isFalse();
    assertThat(AwsErrors.isRetryable(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void transientClientFailuresAreRetryableOthersAreNot() {
    assertThat(AwsErrors.isRetryable(AwsFaults.connectionReset())).isTrue();
    assertThat(
            AwsErrors.isRetryable(
                SdkClientException.create("read", new SocketTimeoutException("Read timed out"))))
        .isTrue();
    assertThat(AwsErrors.isRetryable(ApiCallAttemptTimeoutException.create(10_000))).isTrue();
    assertThat(AwsErrors.isRetryable(SdkClientException.create("Unable to load credentials")))
        .isFalse();
  }

  @Test
  void errorCodeFindsTheAwsCodeAlsoWhenWrapped() {
    assertThat(AwsErrors.errorCode(AwsFaults.aws(400, "ServiceNotFoundException")))
        .isEqualTo("ServiceNotFoundException");
    assertThat(AwsErrors.errorCode(new RuntimeException("wrapped", AwsFaults.validation())))
        .isEqualTo("InvalidParameterException");
    assertThat(AwsErrors.errorCode(AwsFaults.connectionReset())).isNull();
    assertThat(AwsErrors.errorCode(null)).isNull();
  }

  /** Expected verdicts for one error. */
  private record Classification(boolean throttling, boolean retryable, boolean serviceFailure) {
    Classification(Throwable e) {
      this(AwsErrors.isThrottling(e), AwsErrors.isRetryable(e), AwsErrors.isServiceFailure(e));
    }
  }
}
