package dev.slipway.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The Micrometer meters of {@link AwsCalls}. Base names omit the unit and {@code total} suffixes
 * because the Prometheus registry appends {@code _total} to counters and {@code _seconds} to
 * timers.
 */
final class AwsCallMetrics {
  static final String CALLS = "slipway.aws.calls";
  static final String ATTEMPTS = "slipway.aws.attempts";
  static final String THROTTLED = "slipway.aws.throttled";
  static final String CALL_DURATION = "slipway.aws.call.duration";
  static final String RATE_LIMIT_WAIT = "slipway.aws.ratelimit.wait";

  static final String SUCCESS = "success";
  static final String ERROR = "error";
  static final String OUTCOME_THROTTLED = "throttled";
  static final String UNAVAILABLE = "unavailable";

  private final MeterRegistry registry;

  AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  Timer.Sample startCall() {
    return Timer.start(registry);
  }

  /** Records one finished logical call (after retries): its outcome and total duration. */
  void finishCall(Timer.Sample sample, String service, String operation, String outcome) {
    sample.stop(
        Timer.builder(CALL_DURATION)
            .description("Duration of logical AWS calls including retries and client-side waits")
            .tags("service", service, "operation", operation)
            .register(registry));
    Counter.builder(CALLS)
        .description("Logical AWS calls by outcome (success, error, throttled, unavailable)")
        .tags("service", service, "operation", operation, "outcome", outcome)
        .register(registry)
        .increment();
  }

  void attempt(String service, String operation) {
    Counter.builder(ATTEMPTS)
        .description("AWS requests sent, including retries")
        .tags("service", service, "operation", operation)
        .register(registry)
        .increment();
  }

  void throttledByAws(String service, String operation) {
    Counter.builder(THROTTLED)
        .description("AWS requests rejected by AWS throttling")
        .tags("service", service, "operation", operation)
        .register(registry)
        .increment();
  }

  void rateLimitWait(ThrottleBucket bucket, long nanos) {
    Timer.builder(RATE_LIMIT_WAIT)
        .description("Time calls waited for a client-side rate-limit token")
        .tags("bucket", bucket.name())
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
