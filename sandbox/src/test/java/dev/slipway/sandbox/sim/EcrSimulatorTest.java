package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.aws.AwsTarget;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** ECR DescribeImages against seeded repositories, by tag and by digest. */
class EcrSimulatorTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "ap-northeast-1";
  private final AwsSimulator sim =
      AwsSimulator.builder()
          .clock(SimClock.manual(Instant.parse("2030-01-01T00:00:00Z")))
          .defaultAccountId(ACCOUNT)
          .throttling(false)
          .build();
  private final EcrClient ecr = sim.ecr(new AwsTarget(ACCOUNT, REGION, null));

  @Test
  void aSeededTagIsFoundWithAnEcrShapedDigest() {
    sim.references(ACCOUNT).image(REGION, "web", "v1");
    var detail =
        ecr.describeImages(b -> b.repositoryName("web").imageIds(i -> i.imageTag("v1")))
            .imageDetails()
            .get(0);
    assertThat(detail.imageDigest())
        .matches("^sha256:[0-9a-f]{64}$")
        .isEqualTo(ReferenceSeeding.imageDigest("web", "v1"));
  }

  @Test
  void anImageIsFoundByItsDigest() {
    sim.references(ACCOUNT).image(REGION, "web", "v1");
    String digest = ReferenceSeeding.imageDigest("web", "v1");
    assertThat(
            ecr.describeImages(b -> b.repositoryName("web").imageIds(i -> i.imageDigest(digest)))
                .imageDetails()
                .get(0)
                .imageTags())
        .containsExactly("v1");
    String other = ReferenceSeeding.imageDigest("web", "v2");
    assertThatThrownBy(
            () ->
                ecr.describeImages(
                    b -> b.repositoryName("web").imageIds(i -> i.imageDigest(other))))
        .isInstanceOf(ImageNotFoundException.class);
  }

  @Test
  void aMissingTagOrRepositoryIsItsOwnError() {
    sim.references(ACCOUNT).image(REGION, "web", "v1");
    assertThatThrownBy(
            () -> ecr.describeImages(b -> b.repositoryName("web").imageIds(i -> i.imageTag("v2"))))
        .isInstanceOfSatisfying(
            ImageNotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ImageNotFoundException"));
    assertThatThrownBy(
            () -> ecr.describeImages(b -> b.repositoryName("api").imageIds(i -> i.imageTag("v1"))))
        .isInstanceOf(RepositoryNotFoundException.class);
  }
}
