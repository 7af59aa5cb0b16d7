package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Client-side token buckets in AwsCalls, sized from AWS published buckets. */
class AwsCallsRateLimitTest {
  private static final AwsTarget TARGET = new AwsTarget("123456789012", "eu-west-1", null);
  private static final double FRACTION = 0.9;

  private final FakeTime time = new FakeTime();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private AwsCalls calls(AwsResilienceSettings settings) {
    return new AwsCalls(settings, registry, time::nanoTime, time);
  }

  @Test
  void burstIsAwsBurstTimesFractionThenCallsArePacedAtTheReducedRefill() {
    AwsCalls calls = calls(AwsResilienceSettings.defaults());
    long[] waits = new long[52];
    for (int i = 1; i <= 51; i++) {
      int before = time.sleeps().size();
      calls.call(TARGET, "ecs", "UpdateService", () -> "ok");
      waits[i] = time.sleeps().size() > before ? time.sleeps().get(before) : 0;
    }

    // ECS_SERVICE_WRITE is burst 50, refill 5/s; we allow ourselves 90 % of both.
    for (int i = 1; i <= 45; i++) {
      assertThat(waits[i]).as("call %d", i).isZero();
    }
    double expectedSeconds = 1 / (5 * FRACTION);
    assertThat(waits[46] / 1e9).isCloseTo(expectedSeconds, within(0.001));
    assertThat(waits[51] / 1e9).isCloseTo(expectedSeconds, within(0.001));
  }

  @Test
  void targetsHaveSeparateBuckets() {
    AwsCalls calls = calls(AwsResilienceSettings.defaults());
    for (int i = 0; i < 45; i++) {
      calls.call(TARGET, "ecs", "UpdateService", () -> "ok");
    }
    calls.call(
        new AwsTarget("123456789012", "us-east-1", null), "ecs", "UpdateService", () -> "ok");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void elbMutatingCallsDrawFromBothElbBuckets() {
    AwsCalls calls = calls(AwsResilienceSettings.defaults());
    // ELB_WRITE allows 20 × 0.9 = 18 in a burst; each also takes from ELB_ALL (40 × 0.9 = 36).
    for (int i = 0; i < 18; i++) {
      calls.call(TARGET, "elasticloadbalancing", "CreateRule", () -> "ok");
    }
    assertThat(time.sleeps()).isEmpty();

    // Reads draw from ELB_ALL only, which the writes have half drained.
    for (int i = 0; i < 18; i++) {
      calls.call(TARGET, "elasticloadbalancing", "DescribeRules", () -> "ok");
    }
    assertThat(time.sleeps()).isEmpty();
    calls.call(TARGET, "elasticloadbalancing", "DescribeRules", () -> "ok");
    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0) / 1e9).isCloseTo(1 / (10 * FRACTION), within(0.001));

    assertThat(waitCount("ELB_WRITE")).isEqualTo(18);
    assertThat(waitCount("ELB_ALL")).isEqualTo(37);
  }

  @Test
  void failsFastInsteadOfWaitingLongerThanTheMaximum() {
    time.frozen(); // many callers queued at once: reservations pile up
    AwsCalls calls =
        calls(AwsResilienceSettings.defaults().withMaxRateLimitWait(Duration.ofSeconds(1)));
    AtomicInteger reachedAws = new AtomicInteger();
    for (int i = 0; i < 49; i++) {
      calls.call(TARGET, "ecs", "UpdateService", reachedAws::incrementAndGet);
    }
    // The 50th would wait 5 tokens / 4.5 per s = 1.11 s.
    assertThat(time.sleeps().get(time.sleeps().size() - 1) / 1e9).isCloseTo(4 / 4.5, within(0.001));

    for (int refused = 0; refused < 2; refused++) {
      assertThatThrownBy(
              () -> calls.call(TARGET, "ecs", "UpdateService", reachedAws::incrementAndGet))
          .isInstanceOf(AwsRateLimitedException.class)
          .hasMessageContaining("ECS_SERVICE_WRITE")
          .hasMessageContaining("123456789012/eu-west-1")
          .satisfies(
              e ->
                  assertThat(((AwsRateLimitedException) e).waitTime().toMillis())
                      .as("a refused call leaves no debt behind")
                      .isEqualTo(1111));
    }
    assertThat(reachedAws).hasValue(49);
    assertThat(
            registry
                .get(AwsCallMetrics.CALLS)
                .tags("outcome", "throttled", "operation", "UpdateService")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void retriesDrawTokensToo() {
    AwsCalls calls = calls(AwsResilienceSettings.defaults());
    AwsCallsRetryTest.Scripted<String> aws =
        new AwsCallsRetryTest.Scripted<>("ok", AwsFaults.serverError(), AwsFaults.serverError());
    calls.call(TARGET, "ecs", "UpdateService", aws);
    assertThat(waitCount("ECS_SERVICE_WRITE")).isEqualTo(3);
  }

  private long waitCount(String bucket) {
    return registry.get(AwsCallMetrics.RATE_LIMIT_WAIT).tag("bucket", bucket).timer().count();
  }
}
