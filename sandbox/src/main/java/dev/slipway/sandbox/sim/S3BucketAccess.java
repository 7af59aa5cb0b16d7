package dev.slipway.sandbox.sim;

/**
 * What a simulated bucket's policy and ACL allow, as seeded: whether ElastiCache's canonical user
 * was granted the bucket permissions an export needs (list, write, read-ACP), whether it may read
 * objects someone else uploaded (needed to seed a cluster from them), and whether callers of the S3
 * API hold {@code s3:ListBucket} on it (which decides 403 versus 404 for a missing key).
 */
public record S3BucketAccess(
    boolean elastiCacheMayWrite, boolean elastiCacheMayRead, boolean callerMayList) {

  /** A bucket prepared as the ElastiCache docs describe, that callers may also list. */
  public static S3BucketAccess exportTarget() {
    return new S3BucketAccess(true, true, true);
  }

  /** A bucket nobody granted ElastiCache anything on; callers may list it. */
  public static S3BucketAccess privateBucket() {
    return new S3BucketAccess(false, false, true);
  }

  /** The same grants, but callers lack {@code s3:ListBucket}. */
  public S3BucketAccess withoutList() {
    return new S3BucketAccess(elastiCacheMayWrite, elastiCacheMayRead, false);
  }
}
