package dev.slipway.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Metric names and labels AwsCalls exposes to Prometheus. */
class AwsCallsMetricsTest {
  private static final AwsTarget TARGET = new AwsTarget("123456789012", "eu-west-1", null);

  private final FakeTime time = new FakeTime();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AwsCalls calls =
      new AwsCalls(AwsResilienceSettings.defaults(), registry, time::nanoTime, time);

  @Test
  void scrapeExposesTheDocumentedNamesCountingLogicalCallsOnce() {
    calls.call(
        TARGET,
        "ecs",
        "UpdateService",
        new AwsCallsRetryTest.Scripted<>("ok", AwsFaults.throttling(), AwsFaults.serverError()));
    assertThatThrownBy(
        () ->
            calls.call(
                TARGET,
                "ecs",
                "UpdateService",
                () -> {
                  throw AwsFaults.validation();
                }));
    assertThatThrownBy(
        () ->
            calls.call(
                TARGET,
                "ecs",
                "DescribeServices",
                () -> {
                  throw AwsFaults.throttling();
                }));
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(
          () ->
              calls.call(
                  TARGET,
                  "elasticloadbalancing",
                  "CreateRule",
                  () -> {
                    throw AwsFaults.serverError();
                  }));
    }
    assertThatThrownBy(() -> calls.call(TARGET, "elasticloadbalancing", "CreateRule", () -> "ok"))
        .isInstanceOf(AwsUnavailableException.class);

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "slipway_aws_calls_total{operation=\"UpdateService\",outcome=\"success\",service=\"ecs\"} 1.0",
            "slipway_aws_calls_total{operation=\"UpdateService\",outcome=\"error\",service=\"ecs\"} 1.0",
            "slipway_aws_calls_total{operation=\"DescribeServices\",outcome=\"throttled\",service=\"ecs\"} 1.0",
            "slipway_aws_calls_total{operation=\"CreateRule\",outcome=\"error\",service=\"elasticloadbalancing\"} 10.0",
            "slipway_aws_calls_total{operation=\"CreateRule\",outcome=\"unavailable\",service=\"elasticloadbalancing\"} 1.0",
            "slipway_aws_attempts_total{operation=\"UpdateService\",service=\"ecs\"} 4.0",
            "slipway_aws_attempts_total{operation=\"DescribeServices\",service=\"ecs\"} 5.0",
            "slipway_aws_throttled_total{operation=\"UpdateService\",service=\"ecs\"} 1.0",
            "slipway_aws_throttled_total{operation=\"DescribeServices\",service=\"ecs\"} 5.0",
            "slipway_aws_call_duration_seconds_count{operation=\"UpdateService\",service=\"ecs\"} 2",
            "slipway_aws_ratelimit_wait_seconds_count{bucket=\"ECS_SERVICE_WRITE\"} 4",
            "slipway_aws_ratelimit_wait_seconds_count{bucket=\"ELB_WRITE\"} 50");
  }
}
