package dev.slipway.sandbox.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The simulated ECR API: DescribeImages by tag or digest against seeded repositories (a seeded
 * image's digest is {@link ReferenceSeeding#imageDigest}).
 */
final class EcrSimulator implements EcrClient {
  private final CallGate gate;
  private final RegionState rs;

  EcrSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.ECR, operation, body);
  }

  @Override
  public DescribeImagesResponse describeImages(DescribeImagesRequest r) {
    return call(
        "DescribeImages",
        () -> {
          String registry = r.registryId() == null ? rs.account : r.registryId();
          Set<String> tags =
              registry.equals(rs.account) ? rs.references.images.get(r.repositoryName()) : null;
          if (tags == null) {
            throw AwsErrors.client(
                RepositoryNotFoundException.builder(),
                AwsErrors.ECR,
                "The repository with name '"
                    + r.repositoryName()
                    + "' does not exist in the registry with id '"
                    + registry
                    + "'");
          }
          List<ImageDetail> found =
              r.imageIds().stream()
                  .map(id -> tagOf(r.repositoryName(), id, tags))
                  .map(tag -> image(r.repositoryName(), registry, tag, tags))
                  .toList();
          return DescribeImagesResponse.builder().imageDetails(found).build();
        });
  }

  private ImageDetail image(String repository, String registry, String tag, Set<String> tags) {
    if (!tags.contains(tag)) {
      throw AwsErrors.client(
          ImageNotFoundException.builder(),
          AwsErrors.ECR,
          "The image with imageId {imageDigest:'null', imageTag:'"
              + tag
              + "'} does not exist within the repository with name '"
              + repository
              + "' in the registry with id '"
              + registry
              + "'");
    }
    return ImageDetail.builder()
        .registryId(registry)
        .repositoryName(repository)
        .imageTags(tag)
        .imageDigest(digest(repository, tag))
        .build();
  }

  /** The tag an identifier names: its own, or the seeded tag whose image has its digest. */
  private static String tagOf(String repository, ImageIdentifier id, Set<String> tags) {
    if (id.imageDigest() == null) return id.imageTag();
    return tags.stream()
        .filter(t -> digest(repository, t).equals(id.imageDigest()))
        .findFirst()
        .orElse(id.imageDigest());
  }

  /** A seeded image's digest: derived from repository and tag, shaped like ECR's. */
  static String digest(String repository, String tag) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((repository + ":" + tag).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
