package dev.slipway.bench;

import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.runtime.OperatorOptions;
import dev.slipway.runtime.Reconcilers;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.SimClock;
import dev.slipway.status.StatusControls;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The operator on a compressed clock with every duration it acts on compressed too, so that a
 * simulated hour of it is an hour of production: its timing settings are production's, the
 * reschedules it asks JOSDK for are divided by the time scale ({@link ScaledReconcilers}), and its
 * client-side rate limiter runs on simulated time. The sandbox's own operator keeps real-time
 * polls, which at ×60 would make each of them a minute of simulated time.
 *
 * <p>AWS's buckets are replayed afterwards from the calls on simulated time ({@link SimCallLog}),
 * so the simulator's own (real-time) throttling is off.
 */
final class CompressedOperator implements AutoCloseable {
  private final EmbeddedKubeApi api;
  private final AwsSimulator aws;
  private final SimClock clock;
  private final Reconcilers reconcilers;
  private final Operator operator;
  private final PassLog passes;

  private CompressedOperator(
      EmbeddedKubeApi api,
      AwsSimulator aws,
      SimClock clock,
      Reconcilers reconcilers,
      Operator operator,
      PassLog passes) {
    this.api = api;
    this.aws = aws;
    this.clock = clock;
    this.reconcilers = reconcilers;
    this.operator = operator;
    this.passes = passes;
  }

  /**
   * Starts API, simulator and operator; {@code timeScale} simulated seconds pass per real second,
   * and the operator's AWS calls go through {@code wrap} applied to the clock and the simulator.
   */
  static CompressedOperator start(
      double timeScale,
      MeterRegistry meters,
      BiFunction<SimClock, AwsClientFactory, AwsClientFactory> wrap) {
    EmbeddedKubeApi api = EmbeddedKubeApi.start(0);
    try {
      for (String crd :
          List.of("servicereleases.slipway.dev-v1.yml", "scheduledtasks.slipway.dev-v1.yml")) {
        try (InputStream in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
          api.installCrds(in);
        }
      }
      SimClock clock = SimClock.scaled(Instant.now(), timeScale);
      AwsSimulator aws =
          AwsSimulator.builder()
              .clock(clock)
              .defaultAccountId(Sandbox.ACCOUNT)
              .throttling(false)
              .build();
      aws.createCluster(Sandbox.ACCOUNT, Sandbox.REGION, "core");
      OperatorOptions options =
          OperatorOptions.defaults()
              .withRelease(ReleaseSettings.defaults())
              .withRetry(
                  scaled(Duration.ofSeconds(1), timeScale),
                  scaled(Duration.ofMinutes(5), timeScale));
      KubernetesClient client = api.client();
      // The limiter's buckets refill on simulated time, and a wait for a token sleeps the
      // simulated wait compressed: the operator throttles itself as it would in production.
      AwsCalls calls =
          new AwsCalls(
              options.aws(),
              meters,
              () -> epochNanos(clock.instant()),
              nanos -> Thread.sleep(Math.max(0, (long) (nanos / timeScale / 1e6))));
      Reconcilers reconcilers =
          Reconcilers.wire(client, wrap.apply(clock, aws), clock, options, meters, calls);
      PassLog passes = new PassLog(clock, timeScale);
      Operator operator =
          new Operator(
              o ->
                  o.withKubernetesClient(client)
                      .withUseSSAToPatchPrimaryResource(false)
                      .withSSABasedCreateUpdateMatchForDependentResources(false)
                      .withCloseClientOnStop(false)
                      .withConcurrentReconciliationThreads(options.reconcileThreads()));
      operator.register(
          new ScaledReconcilers.Releases(reconcilers.releases(), passes),
          c -> configure(c, "servicerelease", options));
      operator.register(
          new ScaledReconcilers.ScheduledTasks(reconcilers.scheduledTasks(), passes),
          c -> configure(c, "scheduledtask", options));
      operator.start();
      return new CompressedOperator(api, aws, clock, reconcilers, operator, passes);
    } catch (IOException | RuntimeException e) {
      api.close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** As {@code SlipwayOperator} configures its controllers. */
  private static <R extends HasMetadata> void configure(
      ControllerConfigurationOverrider<R> c, String name, OperatorOptions options) {
    c.withRetry(
            new GenericRetry()
                .setInitialInterval(options.retry().initial().toMillis())
                .setIntervalMultiplier(2.0)
                .setMaxInterval(options.retry().max().toMillis())
                .withoutMaxAttempts())
        .withFinalizer("slipway.dev/finalizer")
        .withName(name)
        .withGenerationAware(false)
        .withOnUpdateFilter(StatusControls::worthReconciling);
  }

  private static Duration scaled(Duration simulated, double timeScale) {
    return Duration.ofNanos(Math.max(1_000_000, (long) (simulated.toNanos() / timeScale)));
  }

  static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  void ensureNamespace(String namespace) {
    if (client().namespaces().withName(namespace).get() == null) {
      client()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
  }

  KubernetesClient client() {
    return api.client();
  }

  AwsSimulator aws() {
    return aws;
  }

  SimClock clock() {
    return clock;
  }

  PassLog passes() {
    return passes;
  }

  @Override
  public void close() {
    operator.stop();
    reconcilers.close();
    api.close();
    aws.close();
  }
}
