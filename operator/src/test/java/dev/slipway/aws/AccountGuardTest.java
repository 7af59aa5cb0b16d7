package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The wrong-account guard: match, mismatch and caching of the caller identity. */
class AccountGuardTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/slipway";

  private final FakeTime time = new FakeTime();
  private final FakeSts sts = new FakeSts();
  private final AwsCalls calls =
      new AwsCalls(
          AwsResilienceSettings.defaults(), new SimpleMeterRegistry(), time::nanoTime, time);
  private final AccountGuard guard =
      new AccountGuard(new StsOnlyFactory(sts), calls, Duration.ofMinutes(10), time::nanoTime);

  @Test
  void matchingAccountPasses() {
    sts.accountByRole.put(ROLE, "123456789012");

    AccountCheck check = guard.verify(new AwsTarget("123456789012", "eu-west-1", ROLE));

    assertThat(check.matches()).isTrue();
    assertThat(check.actual()).isEqualTo("123456789012");
  }

  @Test
  void mismatchIsRefusedWithAClearMessage() {
    sts.accountByRole.put(ROLE, "210987654321");

    AccountCheck check = guard.verify(new AwsTarget("123456789012", "eu-west-1", ROLE));

    assertThat(check).isEqualTo(new AccountCheck(false, "123456789012", "210987654321"));
    assertThat(check.message())
        .isEqualTo(
            "caller identity is account 210987654321 but spec.aws.accountId is 123456789012;"
                + " refusing to write");
  }

  @Test
  void noAccountInSpecMatchesWithoutAskingSts() {
    AccountCheck check = guard.verify(new AwsTarget(null, "eu-west-1", ROLE));

    assertThat(check.matches()).isTrue();
    assertThat(sts.calls).hasValue(0);
  }

  @Test
  void cachesPerRoleAndRegionForTheTtl() {
    sts.accountByRole.put(ROLE, "123456789012");
    sts.accountByRole.put(null, "555555555555");
    AwsTarget target = new AwsTarget("123456789012", "eu-west-1", ROLE);

    guard.verify(target);
    guard.verify(target);
    assertThat(sts.calls).hasValue(1);

    assertThat(guard.verify(new AwsTarget("123456789012", "eu-west-1", null)).actual())
        .isEqualTo("555555555555");
    guard.verify(new AwsTarget("123456789012", "us-east-1", ROLE));
    assertThat(sts.calls).hasValue(3);

    time.advanceNanos(Duration.ofMinutes(10).toNanos());
    sts.accountByRole.put(ROLE, "210987654321");
    assertThat(guard.verify(target).matches()).isFalse();
    assertThat(sts.calls).hasValue(4);
  }

  @Test
  void stsErrorsPropagate() {
    sts.failure = AwsFaults.aws(403, "AccessDenied");

    assertThatThrownBy(() -> guard.verify(new AwsTarget("123456789012", "eu-west-1", ROLE)))
        .isSameAs(sts.failure);
  }

  /** GetCallerIdentity answering with the account configured for the client's role. */
  private static final class FakeSts {
    final Map<String, String> accountByRole = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile RuntimeException failure;

    StsClient client(String roleArn) {
      return new StsClient() {
        @Override
        public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
          calls.incrementAndGet();
          if (failure != null) {
            throw failure;
          }
          return GetCallerIdentityResponse.builder()
              .account(accountByRole.get(roleArn))
              .arn(roleArn)
              .build();
        }

        @Override
        public String serviceName() {
          return "sts";
        }

        @Override
        public void close() {}
      };
    }
  }

  /** A factory that only hands out the fake STS; the guard needs nothing else. */
  private record StsOnlyFactory(FakeSts sts) implements AwsClientFactory {
    @Override
    public StsClient sts(AwsTarget target) {
      return sts.client(target.roleArn());
    }

    @Override
    public EcsClient ecs(AwsTarget target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ElasticLoadBalancingV2Client elb(AwsTarget target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ApplicationAutoScalingClient autoscaling(AwsTarget target) {
      throw new UnsupportedOperationException();
    }
  }
}
