package dev.slipway.runtime;

import dev.slipway.aws.AwsClientFactory;
import dev.slipway.release.DriftScanner;
import dev.slipway.scheduledtask.ScheduledTaskReconciler;
import dev.slipway.status.StatusControls;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operator: AWS ports behind the resilience layer, the release reconciler, the drift
 * scanner, and JOSDK configured the way Slipway ships it (SSA off, capped exponential retry,
 * optional Lease leader election). The same wiring runs in production, the sandbox and tests; only
 * the Kubernetes client, AWS client factory and clock differ.
 */
public final class SlipwayOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlipwayOperator.class);

  private final Operator operator;
  private final DriftScanner scanner;
  private final AtomicBoolean closing;

  private final Reconcilers reconcilers;

  private SlipwayOperator(
      Operator operator, DriftScanner scanner, AtomicBoolean closing, Reconcilers reconcilers) {
    this.operator = operator;
    this.scanner = scanner;
    this.closing = closing;
    this.reconcilers = reconcilers;
  }

  public static SlipwayOperator start(
      KubernetesClient client,
      AwsClientFactory aws,
      Clock clock,
      OperatorOptions options,
      MeterRegistry meters) {
    Reconcilers reconcilers = Reconcilers.wire(client, aws, clock, options, meters);
    AtomicBoolean closing = new AtomicBoolean();

    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // The embedded API (sandbox, tests) speaks only JSON and merge patches;
                  // production uses
                  // the same settings so the tests cover what ships.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(options.reconcileThreads())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meters));
              if (options.leaderElection().enabled()) {
                o.withLeaderElectionConfiguration(
                    leaderElection(options.leaderElection(), closing));
              }
            });
    operator.register(reconcilers.releases(), c -> configure(c, "servicerelease", options));
    operator.register(reconcilers.environments(), c -> configure(c, "stagingenvironment", options));
    operator.register(
        reconcilers.scheduledTasks(),
        c -> configure(c, ScheduledTaskReconciler.CONTROLLER, options));
    operator.start();
    DriftScanner scanner =
        new DriftScanner(reconcilers.registry(), reconcilers.ecs(), options.release().resync());
    scanner.start();
    return new SlipwayOperator(operator, scanner, closing, reconcilers);
  }

  /**
   * Both controllers run the same way: finalizer, capped retry, reconcile on spec, annotation,
   * finalizer and deletion changes (not on our own status patches), the operator's namespaces and
   * label selector.
   */
  private static <R extends HasMetadata> void configure(
      ControllerConfigurationOverrider<R> c, String name, OperatorOptions options) {
    c.withRetry(retry(options))
        .withFinalizer("slipway.dev/finalizer")
        .withName(name)
        .withGenerationAware(false)
        .withOnUpdateFilter(StatusControls::worthReconciling);
    if (!options.namespaces().isEmpty()) c.settingNamespaces(options.namespaces());
    if (options.labelSelector() != null && !options.labelSelector().isBlank()) {
      c.withLabelSelector(options.labelSelector());
    }
  }

  /** Exponential from the initial interval, capped, never giving up: no silent 10-hour gaps. */
  private static GenericRetry retry(OperatorOptions options) {
    return new GenericRetry()
        .setInitialInterval(options.retry().initial().toMillis())
        .setIntervalMultiplier(2.0)
        .setMaxInterval(options.retry().max().toMillis())
        .withoutMaxAttempts();
  }

  /**
   * JOSDK would call System.exit when leadership ends, also while we shut down on SIGTERM, where
   * exiting from inside a shutdown hook blocks forever. So JOSDK never exits; a replica that loses
   * the lease while running exits from its own thread, and a closing one just stops.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorOptions.LeaderElection election, AtomicBoolean closing) {
    Runnable lost =
        () -> {
          if (closing.get()) return;
          log.error(
              "lost the leader lease {}; {}",
              election.leaseName(),
              election.exitWhenLost()
                  ? "exiting so this replica restarts as a standby"
                  : "standing by");
          if (election.exitWhenLost())
            new Thread(() -> System.exit(1), "slipway-lost-lease").start();
        };
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> log.info("leading (lease {})", election.leaseName()),
            lost,
            leader -> log.info("leader is {}", leader));
    return new LeaderElectionConfiguration(
        election.leaseName(),
        election.leaseNamespace(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        election.identity(),
        callbacks,
        false);
  }

  public DriftScanner scanner() {
    return scanner;
  }

  @Override
  public void close() {
    closing.set(true);
    scanner.close();
    operator.stop();
    reconcilers.close();
  }
}
