package dev.slipway.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/**
 * The ECR reads of preflight checks, each routed through {@link AwsCalls}. ECR's refusals (image or
 * repository not found, access denied) are returned as answers; failures another attempt may cure
 * are thrown after AwsCalls' retries.
 */
public final class EcrPort {
  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public EcrPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** ECR's answer: found, or the error code (ImageNotFoundException, …) and message. */
  public record ImageAnswer(String errorCode, String message) {
    public static final ImageAnswer FOUND = new ImageAnswer(null, null);

    public boolean found() {
      return errorCode == null;
    }
  }

  /** DescribeImages for one image, in its registry and Region, with the release's role. */
  public ImageAnswer describeImage(AwsTarget release, EcrImage image) {
    AwsTarget t = image.target(release);
    ImageIdentifier id =
        image.pinned()
            ? ImageIdentifier.builder().imageDigest(image.digest()).build()
            : ImageIdentifier.builder().imageTag(image.tag()).build();
    try {
      calls.call(
          t,
          "ecr",
          "DescribeImages",
          () ->
              clients
                  .ecr(t)
                  .describeImages(
                      b ->
                          b.registryId(image.registryId())
                              .repositoryName(image.repository())
                              .imageIds(id)));
      return ImageAnswer.FOUND;
    } catch (AwsServiceException e) {
      if (AwsErrors.isRetryable(e)) throw e;
      String code = AwsErrors.errorCode(e);
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      return new ImageAnswer(code == null ? "HTTP " + e.statusCode() : code, message);
    }
  }
}
