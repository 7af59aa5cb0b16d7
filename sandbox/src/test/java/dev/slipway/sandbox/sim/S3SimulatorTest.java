package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.ElastiCacheFixture.ACCOUNT;
import static dev.slipway.sandbox.sim.ElastiCacheFixture.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.aws.AwsTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessDeniedException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 model: permissions decide 403 versus 404, HEAD errors look as the SDK reports them. */
class S3SimulatorTest {
  private final ElastiCacheFixture f = new ElastiCacheFixture();

  @Test
  void missingKeyIs404OnlyForCallersThatMayList() {
    f.sim.createBucket(ACCOUNT, REGION, "listable", S3BucketAccess.privateBucket());
    f.sim.createBucket(ACCOUNT, REGION, "unlistable", S3BucketAccess.privateBucket().withoutList());

    assertThatThrownBy(() -> f.s3.headObject(r -> r.bucket("listable").key("missing.rdb")))
        .isInstanceOfSatisfying(
            NoSuchKeyException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
            });
    assertThatThrownBy(() -> f.s3.headObject(r -> r.bucket("unlistable").key("missing.rdb")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e).isNotInstanceOf(NoSuchKeyException.class);
              assertThat(e.statusCode()).isEqualTo(403);
              // A HEAD response has no body: the SDK has no error code, only the status text.
              assertThat(e.awsErrorDetails().errorCode()).isNull();
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Forbidden");
            });
    assertThatThrownBy(() -> f.s3.getObjectAsBytes(r -> r.bucket("unlistable").key("missing.rdb")))
        .isInstanceOfSatisfying(
            AccessDeniedException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> f.s3.getObjectAsBytes(r -> r.bucket("listable").key("missing.rdb")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> f.s3.listObjectsV2(r -> r.bucket("unlistable")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    assertThatThrownBy(() -> f.s3.headBucket(r -> r.bucket("unlistable")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }

  @Test
  void listingCanBeDeniedToOneCallerAccountAndGivenBack() {
    f.sim.createBucket(ACCOUNT, REGION, "artifacts", S3BucketAccess.privateBucket());
    f.sim.putObject("artifacts", "present.tgz", new byte[] {1});
    S3Client other =
        f.sim.s3(new AwsTarget("444455556666", REGION, "arn:aws:iam::444455556666:role/ci"));
    f.sim.denyListBucket(ACCOUNT, "artifacts");

    assertThatThrownBy(() -> f.s3.headObject(r -> r.bucket("artifacts").key("missing.tgz")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    assertThat(f.s3.headObject(r -> r.bucket("artifacts").key("present.tgz")).contentLength())
        .as("an object that exists is still found")
        .isEqualTo(1);
    assertThatThrownBy(() -> other.headObject(r -> r.bucket("artifacts").key("missing.tgz")))
        .as("another account keeps its grant")
        .isInstanceOf(NoSuchKeyException.class);

    f.sim.allowListBucket(ACCOUNT, "artifacts");
    assertThatThrownBy(() -> f.s3.headObject(r -> r.bucket("artifacts").key("missing.tgz")))
        .isInstanceOf(NoSuchKeyException.class);
    f.sim.deleteObject("artifacts", "present.tgz");
    assertThat(f.sim.objects("artifacts")).isEmpty();
  }

  @Test
  void missingBucketsAnswerNoSuchBucketExceptOnHeadObject() {
    assertThatThrownBy(() -> f.s3.headBucket(r -> r.bucket("nowhere")))
        .isInstanceOfSatisfying(
            NoSuchBucketException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> f.s3.listObjectsV2(r -> r.bucket("nowhere")))
        .isInstanceOf(NoSuchBucketException.class);
    // HeadObject's 404 has no body, and the SDK turns every such 404 into NoSuchKey.
    assertThatThrownBy(() -> f.s3.headObject(r -> r.bucket("nowhere").key("k")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void objectsRoundTripAndBucketLocationIsForTheOwnerOnly() {
    f.sim.createBucket(ACCOUNT, REGION, "data", S3BucketAccess.privateBucket());
    f.s3.putObject(r -> r.bucket("data").key("a/b.txt"), RequestBody.fromString("hello"));
    assertThat(f.s3.getObjectAsBytes(r -> r.bucket("data").key("a/b.txt")).asUtf8String())
        .isEqualTo("hello");
    var head = f.s3.headObject(r -> r.bucket("data").key("a/b.txt"));
    assertThat(head.contentLength()).isEqualTo(5);
    assertThat(head.eTag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
    f.s3.deleteObject(r -> r.bucket("data").key("a/b.txt"));
    f.s3.deleteObject(r -> r.bucket("data").key("a/b.txt")); // idempotent, as on S3
    assertThat(f.sim.objects("data")).isEmpty();

    assertThat(f.s3.getBucketLocation(r -> r.bucket("data")).locationConstraintAsString())
        .isEqualTo(REGION);
    assertThat(f.s3.headBucket(r -> r.bucket("data")).bucketRegion()).isEqualTo(REGION);
    var other =
        f.sim.s3(new AwsTarget("999988887777", REGION, "arn:aws:iam::999988887777:role/reader"));
    assertThatThrownBy(() -> other.getBucketLocation(r -> r.bucket("data")))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void listObjectsV2PagesByPrefixWithContinuationTokens() {
    f.sim.createBucket(ACCOUNT, REGION, "many", S3BucketAccess.privateBucket());
    for (String k : List.of("a/1", "a/2", "a/3", "a/4", "a/5", "b/1", "b/2")) {
      f.sim.putObject("many", k, k.getBytes());
    }
    List<String> keys = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListObjectsV2Response page =
          f.s3.listObjectsV2(r -> r.bucket("many").prefix("a/").maxKeys(2).continuationToken(t));
      page.contents().stream().map(S3Object::key).forEach(keys::add);
      assertThat(page.keyCount()).isEqualTo(page.contents().size());
      assertThat(page.isTruncated()).isEqualTo(page.nextContinuationToken() != null);
      token = page.nextContinuationToken();
      pages++;
    } while (token != null);
    assertThat(keys).containsExactly("a/1", "a/2", "a/3", "a/4", "a/5");
    assertThat(pages).isEqualTo(3);
    assertThat(f.s3.listObjectsV2Paginator(r -> r.bucket("many").maxKeys(3)).contents()).hasSize(7);
  }

  @Test
  void throttlingIsSlowDown() {
    f.sim.createBucket(ACCOUNT, REGION, "busy", S3BucketAccess.privateBucket());
    f.sim.faults().set("s3:ListObjectsV2", FaultRule.errors(1, FaultKind.THROTTLING));
    assertThatThrownBy(() -> f.s3.listObjectsV2(r -> r.bucket("busy")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(503);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
              assertThat(e.isThrottlingException()).isTrue();
            });
  }
}
