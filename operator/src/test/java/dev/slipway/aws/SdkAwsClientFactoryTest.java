package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** Builds real SDK clients; nothing here talks to the network. */
class SdkAwsClientFactoryTest {
  private static final AwsTarget EU = new AwsTarget("123456789012", "eu-west-1", null);
  private static final AwsTarget EU_ROLE =
      new AwsTarget("123456789012", "eu-west-1", "arn:aws:iam::123456789012:role/slipway");

  private final StaticCredentialsProvider base =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
  private final SdkAwsClientFactory factory =
      new SdkAwsClientFactory(SdkClientSettings.defaults(), base);

  @AfterEach
  void close() {
    factory.close();
  }

  @Test
  void everyClientMakesOneAttemptWithTimeoutsInTheTargetRegion() {
    for (AwsServiceClientConfiguration config :
        new AwsServiceClientConfiguration[] {
          factory.ecs(EU).serviceClientConfiguration(),
          factory.elb(EU).serviceClientConfiguration(),
          factory.sts(EU).serviceClientConfiguration(),
          factory.autoscaling(EU).serviceClientConfiguration()
        }) {
      assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
      ClientOverrideConfiguration override = config.overrideConfiguration();
      assertThat(override.retryStrategy())
          .hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(1));
      assertThat(override.apiCallTimeout()).hasValue(Duration.ofSeconds(30));
      assertThat(override.apiCallAttemptTimeout()).hasValue(Duration.ofSeconds(10));
    }
  }

  @Test
  void cachesOneClientPerServiceRegionAndRole() {
    assertThat(factory.ecs(EU)).isSameAs(factory.ecs(EU));
    assertThat(factory.ecs(new AwsTarget("999999999999", "eu-west-1", null)))
        .as("account is not part of the key: same credentials reach the same endpoint")
        .isSameAs(factory.ecs(EU));
    assertThat(factory.ecs(new AwsTarget("123456789012", "us-east-1", null)))
        .isNotSameAs(factory.ecs(EU));
    assertThat(factory.ecs(EU_ROLE)).isNotSameAs(factory.ecs(EU));
    assertThat(
            factory
                .ecs(new AwsTarget("123456789012", "us-east-1", null))
                .serviceClientConfiguration()
                .region())
        .isEqualTo(Region.US_EAST_1);
  }

  @Test
  void withoutRoleUsesTheBaseCredentialsAndWithRoleAssumesIt() {
    assertThat(factory.ecs(EU).serviceClientConfiguration().credentialsProvider()).isSameAs(base);
    assertThat(factory.ecs(EU_ROLE).serviceClientConfiguration().credentialsProvider())
        .isInstanceOf(StsAssumeRoleCredentialsProvider.class)
        .as("clients of one role share one refreshing provider")
        .isSameAs(factory.elb(EU_ROLE).serviceClientConfiguration().credentialsProvider());
  }

  @Test
  void closedFactoryRefusesToHandOutClients() {
    factory.ecs(EU_ROLE);
    factory.close();
    assertThatThrownBy(() -> factory.ecs(EU)).isInstanceOf(IllegalStateException.class);
  }
}
