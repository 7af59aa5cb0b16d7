package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;

/** Retries in AwsCalls: which failures are retried, backoff growth and jitter. */
class AwsCallsRetryTest {
  private static final AwsTarget TARGET = new AwsTarget("123456789012", "eu-west-1", null);

  private final FakeTime time = new FakeTime();
  private final AwsCalls calls =
      new AwsCalls(
          AwsResilienceSettings.defaults(), new SimpleMeterRegistry(), time::nanoTime, time);

  @Test
  void retriesThrottlingServerErrorsAndTransientClientErrorsThenSucceeds() {
    Scripted<String> aws =
        new Scripted<>(
            "ok",
            AwsFaults.throttling(),
            AwsFaults.serverError(),
            AwsFaults.connectionReset(),
            ApiCallAttemptTimeoutException.create(10_000));

    String result = calls.call(TARGET, "ecs", "UpdateService", aws);

    assertThat(result).isEqualTo("ok");
    assertThat(aws.attempts()).isEqualTo(5);
    assertThat(time.sleeps()).hasSize(4);
  }

  @Test
  void doesNotRetryValidationErrors() {
    RuntimeException invalid = AwsFaults.validation();
    Scripted<String> aws = new Scripted<>("ok", invalid);

    assertThatThrownBy(() -> calls.call(TARGET, "ecs", "UpdateService", aws)).isSameAs(invalid);
    assertThat(aws.attempts()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheOriginalException() {
    List<RuntimeException> thrown = new ArrayList<>();
    Supplier<String> alwaysFailing =
        () -> {
          RuntimeException e = AwsFaults.aws(500, "InternalFailure");
          thrown.add(e);
          throw e;
        };

    assertThatThrownBy(() -> calls.call(TARGET, "ecs", "DescribeServices", alwaysFailing))
        .isSameAs(thrown.get(thrown.size() - 1))
        .satisfies(e -> assertThat(AwsErrors.errorCode(e)).isEqualTo("InternalFailure"));
    assertThat(thrown).hasSize(5);
  }

  @Test
  void maxAttemptsIsConfigurable() {
    AwsCalls twoAttempts =
        new AwsCalls(
            AwsResilienceSettings.defaults().withMaxAttempts(2),
            new SimpleMeterRegistry(),
            time::nanoTime,
            time);
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                twoAttempts.call(
                    TARGET,
                    "ecs",
                    "DescribeServices",
                    () -> {
                      attempts.incrementAndGet();
                      throw AwsFaults.serverError();
                    }))
        .isInstanceOf(RuntimeException.class);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void backoffGrowsExponentiallyWithJitter() {
    int logicalCalls = 20;
    for (int i = 0; i < logicalCalls; i++) {
      Scripted<String> aws =
          new Scripted<>(
              "ok",
              AwsFaults.serverError(),
              AwsFaults.serverError(),
              AwsFaults.serverError(),
              AwsFaults.serverError());
      calls.call(TARGET, "ecs", "DescribeServices", aws);
    }
    // Every sleep is a backoff: the client-side limiter never had to wait in this test.
    assertThat(time.sleeps()).hasSize(logicalCalls * 4);

    double previousMean = 0;
    for (int retry = 0; retry < 4; retry++) {
      double nominalMs = 200 * Math.pow(2, retry);
      List<Double> waitsMs = new ArrayList<>();
      for (int call = 0; call < logicalCalls; call++) {
        waitsMs.add(time.sleeps().get(call * 4 + retry) / 1e6);
      }
      assertThat(waitsMs)
          .allSatisfy(ms -> assertThat(ms).isBetween(nominalMs * 0.5, nominalMs * 1.5));
      assertThat(waitsMs.stream().distinct().count()).as("jittered").isGreaterThan(10);
      double mean = waitsMs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertThat(mean).as("mean wait before retry %d", retry + 1).isGreaterThan(previousMean * 1.4);
      previousMean = mean;
    }
  }

  /** A fake AWS call that throws the given failures in order, then returns a value. */
  static final class Scripted<T> implements Supplier<T> {
    private final T value;
    private final RuntimeException[] failures;
    private final AtomicInteger attempts = new AtomicInteger();

    Scripted(T value, RuntimeException... failures) {
      this.value = value;
      this.failures = failures;
    }

    @Override
    public T get() {
      int attempt = attempts.getAndIncrement();
      if (attempt < failures.length) {
        throw failures[attempt];
      }
      return value;
    }

    int attempts() {
      return attempts.get();
    }
  }
}
