package dev.slipway.sandbox.sim;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.AccessDeniedException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 errors as the SDK surfaces them. Requests with a body answer get the modeled exception and
 * S3's error code. HEAD requests get no body, so the SDK's own translation decides: a 404 becomes
 * NoSuchKeyException for HeadObject (even when it is the bucket that is missing) and
 * NoSuchBucketException for HeadBucket, and anything else is a bare S3Exception whose error code is
 * null and whose message is the HTTP status text.
 */
final class S3Errors {
  private S3Errors() {}

  static AwsServiceException noSuchBucket() {
    return AwsErrors.build(
        NoSuchBucketException.builder(),
        AwsErrors.S3,
        "NoSuchBucket",
        "The specified bucket does not exist",
        404);
  }

  static AwsServiceException noSuchKey() {
    return AwsErrors.build(
        NoSuchKeyException.builder(),
        AwsErrors.S3,
        "NoSuchKey",
        "The specified key does not exist.",
        404);
  }

  static AwsServiceException accessDenied() {
    return AwsErrors.build(
        AccessDeniedException.builder(), AwsErrors.S3, "AccessDenied", "Access Denied", 403);
  }

  /** HeadObject answered 404: the SDK says NoSuchKey whatever was missing. */
  static AwsServiceException headObjectNotFound() {
    return noSuchKey();
  }

  /** HeadBucket answered 404. */
  static AwsServiceException headBucketNotFound() {
    return AwsErrors.build(
        NoSuchBucketException.builder(),
        AwsErrors.S3,
        "NoSuchBucket",
        "The specified bucket does not exist.",
        404);
  }

  /** A HEAD request answered 403: no body, so no error code, only the status text. */
  static AwsServiceException headForbidden() {
    return AwsErrors.build(S3Exception.builder(), AwsErrors.S3, null, "Forbidden", 403);
  }

  static AwsServiceException invalidArgument(String message) {
    return AwsErrors.build(S3Exception.builder(), AwsErrors.S3, "InvalidArgument", message, 400);
  }
}
