package dev.slipway.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The S3 reads of preflight checks, each routed through {@link AwsCalls}. Answers S3 gives about an
 * object (200, 404, 403, other 4xx) are returned as they are, for the caller to judge; failures
 * another attempt may cure (throttling, 5xx, I/O) are thrown after AwsCalls' retries, so the pass
 * is retried with the release's usual backoff rather than judged on them.
 */
public final class S3Port {
  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public S3Port(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** What S3 answered to a HeadObject: the HTTP status and, when it was an error, its words. */
  public record HeadAnswer(int status, String detail) {
    public boolean found() {
      return status == 200;
    }
  }

  public HeadAnswer headObject(AwsTarget t, String bucket, String key) {
    try {
      calls.call(
          t, "s3", "HeadObject", () -> clients.s3(t).headObject(b -> b.bucket(bucket).key(key)));
      return new HeadAnswer(200, null);
    } catch (AwsServiceException e) {
      if (AwsErrors.isRetryable(e)) throw e;
      // A HEAD response has no body: the code is often null and the message the status text.
      String code = AwsErrors.errorCode(e);
      String text = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      return new HeadAnswer(e.statusCode(), code != null ? code : text);
    }
  }
}
