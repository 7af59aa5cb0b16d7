package dev.slipway.aws;

import java.time.Duration;

/**
 * Thrown without calling AWS when Slipway's own client-side rate limit would make a call wait
 * longer than allowed, so a reconcile thread is not parked for minutes; the caller should requeue.
 */
public class AwsRateLimitedException extends RuntimeException {
  private final transient AwsTarget target;
  private final ThrottleBucket bucket;
  private final Duration wait;

  public AwsRateLimitedException(
      AwsTarget target, ThrottleBucket bucket, Duration wait, Duration maxWait) {
    super(
        String.format(
            "client-side rate limit %s for %s would wait %.1f s, more than the allowed %.1f s;"
                + " failing fast so the reconcile can be requeued",
            bucket, target.key(), wait.toMillis() / 1000.0, maxWait.toMillis() / 1000.0));
    this.target = target;
    this.bucket = bucket;
    this.wait = wait;
  }

  public AwsTarget target() {
    return target;
  }

  public ThrottleBucket bucket() {
    return bucket;
  }

  public Duration waitTime() {
    return wait;
  }
}
