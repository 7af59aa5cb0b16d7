package dev.slipway.aws;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place every AWS call goes through: circuit breaker per (target, service) around retries
 * with jittered exponential backoff, around client-side rate limiting and metrics per attempt.
 *
 * <p>The breaker sits outside the retry so it judges whole logical calls: a 5xx that a retry
 * absorbed is not a failure, which keeps breakers closed under moderate fault rates. Rate limiting
 * sits inside the retry because AWS charges every attempt against its buckets.
 */
public final class AwsCalls {
  private static final Logger log = LoggerFactory.getLogger(AwsCalls.class);

  private final AwsResilienceSettings settings;
  private final AwsCallMetrics metrics;
  private final ClientRateLimiter limiter;
  private final Retry retry;
  private final CircuitBreakerRegistry breakers;

  public AwsCalls(AwsResilienceSettings settings, MeterRegistry registry) {
    this(settings, registry, System::nanoTime, Sleeper.system());
  }

  /** With clock and sleep seams, so tests can run rate limiting and backoff on fake time. */
  public AwsCalls(
      AwsResilienceSettings settings,
      MeterRegistry registry,
      LongSupplier nanoTime,
      Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = new AwsCallMetrics(registry);
    this.limiter = new ClientRateLimiter(settings, nanoTime, sleeper, metrics);
    this.retry = Retry.of("aws", retryConfig(settings, sleeper));
    this.breakers = CircuitBreakerRegistry.of(breakerConfig(settings));
    breakers.getEventPublisher().onEntryAdded(added -> logTransitions(added.getAddedEntry()));
  }

  /**
   * Calls AWS once logically. Errors surface as the SDK threw them (inspect with {@link
   * AwsErrors#errorCode}), after retries where they are retryable.
   *
   * @param service "ecs", "elasticloadbalancing", "sts", "application-autoscaling" or "rds"
   * @param operation the API name, e.g. "UpdateService"; selects the throttle buckets
   * @throws AwsUnavailableException without calling AWS while the service's breaker is open
   * @throws AwsRateLimitedException without calling AWS if the client-side wait is too long
   */
  public <T> T call(AwsTarget target, String service, String operation, Supplier<T> call) {
    List<ThrottleBucket> draws = ThrottleBucket.forCall(service, operation);
    CircuitBreaker breaker = breaker(target, service);
    Timer.Sample sample = metrics.startCall();
    String outcome = AwsCallMetrics.ERROR;
    try {
      T result =
          breaker.executeSupplier(
              () -> retry.executeSupplier(() -> attempt(target, service, operation, draws, call)));
      outcome = AwsCallMetrics.SUCCESS;
      return result;
    } catch (CallNotPermittedException e) {
      outcome = AwsCallMetrics.UNAVAILABLE;
      throw unavailable(target, service, e);
    } catch (RuntimeException e) {
      outcome = isThrottled(e) ? AwsCallMetrics.OUTCOME_THROTTLED : AwsCallMetrics.ERROR;
      throw e;
    } finally {
      metrics.finishCall(sample, service, operation, outcome);
    }
  }

  /** State of the breaker guarding a service in a target (for health reporting and tests). */
  public CircuitBreaker.State breakerState(AwsTarget target, String service) {
    return breaker(target, service).getState();
  }

  private <T> T attempt(
      AwsTarget target,
      String service,
      String operation,
      List<ThrottleBucket> draws,
      Supplier<T> call) {
    limiter.acquire(target, draws);
    metrics.attempt(service, operation);
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (AwsErrors.isThrottling(e)) {
        metrics.throttledByAws(service, operation);
      }
      log.debug("{} {} on {} failed: {}", service, operation, target.key(), e.toString());
      throw e;
    }
  }

  private static boolean isThrottled(RuntimeException e) {
    return e instanceof AwsRateLimitedException || AwsErrors.isThrottling(e);
  }

  private CircuitBreaker breaker(AwsTarget target, String service) {
    return breakers.circuitBreaker(target.key() + "/" + service);
  }

  private AwsUnavailableException unavailable(
      AwsTarget target, String service, CallNotPermittedException cause) {
    String message =
        String.format(
            "AWS %s in %s is unavailable: at least %.0f%% of recent calls failed with 5xx or I/O"
                + " errors, so calls fail fast for up to %d s before probing again",
            service,
            target.key(),
            settings.breakerFailureRatePercent(),
            settings.breakerOpenDuration().toSeconds());
    return new AwsUnavailableException(target, service, message, cause);
  }

  private static RetryConfig retryConfig(AwsResilienceSettings settings, Sleeper sleeper) {
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            settings.initialBackoff(),
            settings.backoffMultiplier(),
            settings.backoffJitter(),
            settings.maxBackoff());
    // Resilience4j sleeps through one JVM-wide static function (RetryImpl.setSleepFunction), which
    // is no per-instance seam; so we do the backoff wait here with our Sleeper and hand R4j zero.
    IntervalBiFunction<Object> sleepThenRetry =
        (attempt, failure) -> {
          sleeper.sleepOrCancel(Duration.ofMillis(backoff.apply(attempt)).toNanos());
          return 0L;
        };
    return RetryConfig.custom()
        .maxAttempts(settings.maxAttempts())
        .retryOnException(AwsErrors::isRetryable)
        .intervalBiFunction(sleepThenRetry)
        .build();
  }

  private static CircuitBreakerConfig breakerConfig(AwsResilienceSettings settings) {
    return CircuitBreakerConfig.custom()
        .slidingWindow(
            settings.breakerWindowSize(),
            settings.breakerMinimumCalls(),
            SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(settings.breakerFailureRatePercent())
        .waitDurationInOpenState(settings.breakerOpenDuration())
        .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
        // Only AWS being broken (5xx, I/O) counts as failure. Throttling and our own client-side
        // refusals are ignored (neither failure nor success) so they cannot open the breaker or
        // mask an outage; other SDK errors such as 4xx count as success because AWS answered.
        .ignoreException(e -> !(e instanceof SdkException) || AwsErrors.isThrottling(e))
        .recordException(AwsErrors::isServiceFailure)
        // Slow calls are mostly our own pacing and backoff, not a sign AWS is down.
        .slowCallDurationThreshold(Duration.ofDays(1))
        .build();
  }

  private static void logTransitions(CircuitBreaker breaker) {
    breaker
        .getEventPublisher()
        .onStateTransition(
            e ->
                log.warn(
                    "AWS circuit breaker {}: {}",
                    e.getCircuitBreakerName(),
                    e.getStateTransition()));
  }
}
