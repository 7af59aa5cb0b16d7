package dev.slipway.sandbox.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLocationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The simulated S3 API for the calls the staging refresh makes. Buckets are global; the caller is
 * the account of the client's target. Permissions are the bucket's seeded {@link S3BucketAccess}
 * and the accounts denied listing it ({@link AwsSimulator#denyListBucket}): without {@code
 * s3:ListBucket} a missing key answers 403 rather than 404, as S3 does to avoid revealing which
 * keys exist.
 */
public final class S3Simulator implements S3Client {
  private static final int MAX_KEYS = 1000;
  private final CallGate gate;
  private final RegionState rs;
  private final S3Model s3;

  S3Simulator(CallGate gate, RegionState rs, S3Model s3) {
    this.gate = gate;
    this.rs = rs;
    this.s3 = s3;
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.S3, operation, body);
  }

  @Override
  public HeadBucketResponse headBucket(HeadBucketRequest r) {
    return call(
        "HeadBucket",
        () -> {
          S3Model.Bucket b = s3.bucket(r.bucket());
          if (b == null) throw S3Errors.headBucketNotFound();
          // HeadBucket is authorized by s3:ListBucket.
          if (!b.mayList(rs.account)) throw S3Errors.headForbidden();
          return HeadBucketResponse.builder().bucketRegion(b.region).build();
        });
  }

  @Override
  public GetBucketLocationResponse getBucketLocation(GetBucketLocationRequest r) {
    return call(
        "GetBucketLocation",
        () -> {
          S3Model.Bucket b = existing(r.bucket());
          // Only the bucket owner may ask where it is.
          if (!b.owner.equals(rs.account)) throw S3Errors.accessDenied();
          // us-east-1 buckets answer with an empty LocationConstraint.
          return b.region.equals("us-east-1")
              ? GetBucketLocationResponse.builder().build()
              : GetBucketLocationResponse.builder()
                  .locationConstraint(BucketLocationConstraint.fromValue(b.region))
                  .build();
        });
  }

  @Override
  public ListObjectsV2Response listObjectsV2(ListObjectsV2Request r) {
    return call(
        "ListObjectsV2",
        () -> {
          S3Model.Bucket b = existing(r.bucket());
          if (!b.mayList(rs.account)) throw S3Errors.accessDenied();
          int max = r.maxKeys() == null ? MAX_KEYS : Math.min(r.maxKeys(), MAX_KEYS);
          if (max < 0) throw S3Errors.invalidArgument("maxKeys should be non-negative");
          String after =
              r.continuationToken() != null ? decode(r.continuationToken()) : r.startAfter();
          List<S3Model.StoredObject> all = s3.list(b.name, r.prefix(), after);
          List<S3Model.StoredObject> page = all.subList(0, Math.min(max, all.size()));
          // With MaxKeys 0 there is no last key to continue after, so S3 reports no truncation.
          boolean truncated = !page.isEmpty() && page.size() < all.size();
          return ListObjectsV2Response.builder()
              .name(b.name)
              .prefix(r.prefix())
              .maxKeys(max)
              .keyCount(page.size())
              .isTruncated(truncated)
              .continuationToken(r.continuationToken())
              .startAfter(r.startAfter())
              .nextContinuationToken(truncated ? encode(page.get(page.size() - 1).key()) : null)
              .contents(page.stream().map(S3Simulator::summary).toList())
              .build();
        });
  }

  @Override
  public HeadObjectResponse headObject(HeadObjectRequest r) {
    return call(
        "HeadObject",
        () -> {
          S3Model.Bucket b = s3.bucket(r.bucket());
          if (b == null) throw S3Errors.headObjectNotFound();
          S3Model.StoredObject o = s3.object(b.name, r.key(), s3.now());
          if (o == null) {
            throw b.mayList(rs.account) ? S3Errors.headObjectNotFound() : S3Errors.headForbidden();
          }
          return HeadObjectResponse.builder()
              .contentLength((long) o.body().length)
              .eTag(o.etag())
              .lastModified(o.visibleAt())
              .contentType("application/octet-stream")
              .build();
        });
  }

  @Override
  public <T> T getObject(
      GetObjectRequest r, ResponseTransformer<GetObjectResponse, T> transformer) {
    S3Model.StoredObject o =
        call(
            "GetObject",
            () -> {
              S3Model.Bucket b = existing(r.bucket());
              S3Model.StoredObject found = s3.object(b.name, r.key(), s3.now());
              if (found == null) {
                throw b.mayList(rs.account) ? S3Errors.noSuchKey() : S3Errors.accessDenied();
              }
              return found;
            });
    GetObjectResponse response =
        GetObjectResponse.builder()
            .contentLength((long) o.body().length)
            .eTag(o.etag())
            .lastModified(o.visibleAt())
            .contentType("application/octet-stream")
            .build();
    // The transformer reads the stream outside the Region lock, as a real response body would be.
    InputStream body = new ByteArrayInputStream(o.body());
    try {
      return transformer.transform(response, AbortableInputStream.create(body));
    } catch (Exception e) {
      throw SdkClientException.create("failed to transform the simulated GetObject body", e);
    }
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest r, RequestBody requestBody) {
    byte[] bytes = read(requestBody);
    return call(
        "PutObject",
        () -> {
          S3Model.Bucket b = existing(r.bucket());
          S3Model.StoredObject o = s3.put(b.name, r.key(), bytes, s3.now(), false);
          return PutObjectResponse.builder().eTag(o.etag()).build();
        });
  }

  @Override
  public DeleteObjectResponse deleteObject(DeleteObjectRequest r) {
    return call(
        "DeleteObject",
        () -> {
          // Deleting a key that does not exist succeeds: S3 answers 204 either way.
          s3.delete(existing(r.bucket()).name, r.key());
          return DeleteObjectResponse.builder().build();
        });
  }

  private S3Model.Bucket existing(String name) {
    S3Model.Bucket b = s3.bucket(name);
    if (b == null) throw S3Errors.noSuchBucket();
    return b;
  }

  private static S3Object summary(S3Model.StoredObject o) {
    return S3Object.builder()
        .key(o.key())
        .size((long) o.body().length)
        .eTag(o.etag())
        .lastModified(o.visibleAt())
        .storageClass("STANDARD")
        .build();
  }

  private static byte[] read(RequestBody body) {
    try (InputStream in = body.contentStreamProvider().newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String key) {
    return Base64.getEncoder()
        .encodeToString(("sim-after:" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      String s = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith("sim-after:")) return s.substring("sim-after:".length());
    } catch (IllegalArgumentException e) {
      // fall through to S3's answer for a token it did not issue
    }
    throw S3Errors.invalidArgument("The continuation token provided is incorrect");
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Views on simulator state hold nothing to release.
  }
}
