package dev.slipway.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image hosted in a private ECR registry, {@code <account>.dkr.ecr.<region>.amazonaws.com
 * /<repository>[:tag][@digest]}: the one place that tells an ECR image from any other and splits it
 * into what DescribeImages asks for. An unpinned image without a tag is {@code latest}, as Docker
 * pulls it.
 */
public record EcrImage(
    String registryId, String region, String repository, String tag, String digest) {
  private static final Pattern ECR =
      Pattern.compile(
          "^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)"
              + "(?::([^@]+))?(?:@(.+))?$");

  /** The parts of {@code image}, or empty when it is not hosted in a private ECR registry. */
  public static Optional<EcrImage> parse(String image) {
    Matcher m = image == null ? null : ECR.matcher(image);
    if (m == null || !m.matches()) return Optional.empty();
    String tag = m.group(4) == null && m.group(5) == null ? "latest" : m.group(4);
    return Optional.of(new EcrImage(m.group(1), m.group(2), m.group(3), tag, m.group(5)));
  }

  public static boolean isEcr(String image) {
    return parse(image).isPresent();
  }

  /** Whether the image is pinned by digest, which is then what identifies it. */
  public boolean pinned() {
    return digest != null;
  }

  /** The target to ask: the image's Region, with the release's account and role. */
  public AwsTarget target(AwsTarget release) {
    return new AwsTarget(release.accountId(), region, release.roleArn());
  }

  /** {@code repository:tag} or {@code repository@digest}, for messages. */
  public String shortName() {
    return repository + (pinned() ? "@" + digest : ":" + tag);
  }
}
