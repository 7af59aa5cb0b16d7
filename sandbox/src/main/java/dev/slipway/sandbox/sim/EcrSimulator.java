package dev.slipway.sandbox.sim;

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

/** The simulated ECR API: DescribeImages by tag against seeded repositories. */
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
                  .map(ImageIdentifier::imageTag)
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
        .imageDigest("sha256:" + Integer.toHexString((repository + ":" + tag).hashCode()))
        .build();
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
