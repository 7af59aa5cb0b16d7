package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The circuit breaker in AwsCalls: opens on sustained 5xx, not on throttling. */
class AwsCallsBreakerTest {
  private static final AwsTarget TARGET = new AwsTarget("123456789012", "eu-west-1", null);

  private final FakeTime time = new FakeTime();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AwsCalls calls =
      new AwsCalls(AwsResilienceSettings.defaults(), registry, time::nanoTime, time);
  private final AtomicInteger reachedAws = new AtomicInteger();

  @Test
  void opensOnSustainedServerErrorsAndFailsFast() {
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> calls.call(TARGET, "ecs", "DescribeServices", failing(500)))
          .hasMessageContaining("Status Code: 500");
    }
    assertThat(calls.breakerState(TARGET, "ecs")).isEqualTo(CircuitBreaker.State.OPEN);
    int attemptsBefore = reachedAws.get();

    assertThatThrownBy(() -> calls.call(TARGET, "ecs", "UpdateService", () -> "ok"))
        .isInstanceOfSatisfying(
            AwsUnavailableException.class,
            e -> {
              assertThat(e.target()).isEqualTo(TARGET);
              assertThat(e.service()).isEqualTo("ecs");
              assertThat(e.getMessage())
                  .contains("ecs", "123456789012/eu-west-1", "unavailable", "30 s");
            });
    assertThat(reachedAws).hasValue(attemptsBefore);

    // Breakers are per (target, service): other services and targets are unaffected.
    assertThat(calls.call(TARGET, "elasticloadbalancing", "DescribeRules", () -> "ok"))
        .isEqualTo("ok");
    AwsTarget otherRegion = new AwsTarget("123456789012", "us-east-1", null);
    assertThat(calls.call(otherRegion, "ecs", "DescribeServices", () -> "ok")).isEqualTo("ok");
  }

  @Test
  void throttlingAndClientErrorsDoNotOpenTheBreaker() {
    for (int i = 0; i < 30; i++) {
      assertThatThrownBy(() -> calls.call(TARGET, "ecs", "DescribeServices", throttled()))
          .satisfies(e -> assertThat(AwsErrors.isThrottling(e)).isTrue());
      assertThatThrownBy(() -> calls.call(TARGET, "ecs", "DescribeServices", failing(400)))
          .satisfies(
              e -> assertThat(AwsErrors.errorCode(e)).isEqualTo("InvalidParameterException"));
    }
    assertThat(calls.breakerState(TARGET, "ecs")).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(calls.call(TARGET, "ecs", "DescribeServices", () -> "ok")).isEqualTo("ok");
  }

  @Test
  void halfOpenProbesCloseTheBreakerAgainOnceAwsRecovers() throws InterruptedException {
    AwsCalls quick =
        new AwsCalls(
            AwsResilienceSettings.defaults().withBreaker(50f, 20, 10, Duration.ofMillis(20), 3),
            registry,
            time::nanoTime,
            time);
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> quick.call(TARGET, "ecs", "DescribeServices", failing(503)));
    }
    assertThat(quick.breakerState(TARGET, "ecs")).isEqualTo(CircuitBreaker.State.OPEN);
    Thread.sleep(60); // the breaker's open period runs on the real clock

    for (int i = 0; i < 3; i++) {
      assertThat(quick.call(TARGET, "ecs", "DescribeServices", () -> "ok")).isEqualTo("ok");
    }
    assertThat(quick.breakerState(TARGET, "ecs")).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void convergesWithThirtyPercentRandomServerErrorsOnEveryApi() {
    Random random = new Random(42);
    List<String[]> apis =
        List.of(
            new String[] {"ecs", "UpdateService"},
            new String[] {"ecs", "DescribeServices"},
            new String[] {"ecs", "RegisterTaskDefinition"},
            new String[] {"elasticloadbalancing", "ModifyRule"},
            new String[] {"elasticloadbalancing", "DescribeTargetHealth"},
            new String[] {"application-autoscaling", "RegisterScalableTarget"},
            new String[] {"sts", "GetCallerIdentity"});
    Supplier<String> flaky =
        () -> {
          reachedAws.incrementAndGet();
          if (random.nextDouble() < 0.3) {
            throw AwsFaults.serverError();
          }
          return "ok";
        };

    int succeeded = 0;
    int unavailable = 0;
    for (int i = 0; i < 1000; i++) {
      String[] api = apis.get(i % apis.size());
      try {
        calls.call(TARGET, api[0], api[1], flaky);
        succeeded++;
      } catch (AwsUnavailableException e) {
        unavailable++;
      } catch (RuntimeException e) {
        assertThat(AwsErrors.isServerError(e)).isTrue();
      }
    }

    assertThat(succeeded).isGreaterThanOrEqualTo(990);
    assertThat(unavailable).as("breaker must not flap").isZero();
  }

  private Supplier<String> failing(int status) {
    return () -> {
      reachedAws.incrementAndGet();
      throw status == 400 ? AwsFaults.validation() : AwsFaults.aws(status, "ServerException");
    };
  }

  private Supplier<String> throttled() {
    return () -> {
      reachedAws.incrementAndGet();
      throw AwsFaults.throttling();
    };
  }
}
