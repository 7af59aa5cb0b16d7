package dev.slipway.runtime;

import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.EcsPort;
import dev.slipway.release.DriftScanner;
import dev.slipway.release.ReleaseRegistry;
import dev.slipway.release.ServiceReleaseReconciler;
import dev.slipway.status.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Wires the operator: AWS ports behind the resilience layer, the release reconciler, the drift
 * scanner, and JOSDK configured the way Slipway ships it (SSA off, capped exponential retry,
 * optional Lease leader election). The same wiring runs in production, the sandbox and tests; only
 * the Kubernetes client, AWS client factory and clock differ.
 */
public final class SlipwayOperator implements AutoCloseable {
  private final Operator operator;
  private final DriftScanner scanner;

  private SlipwayOperator(Operator operator, DriftScanner scanner) {
    this.operator = operator;
    this.scanner = scanner;
  }

  public static SlipwayOperator start(
      KubernetesClient client,
      AwsClientFactory aws,
      Clock clock,
      OperatorOptions options,
      MeterRegistry meters) {
    AwsCalls calls = new AwsCalls(options.aws(), meters);
    EcsPort ecs = new EcsPort(aws, calls);
    AutoScalingPort autoscaling = new AutoScalingPort(aws, calls);
    AccountGuard guard = new AccountGuard(aws, calls);
    EventRecorder events = new EventRecorder(client, clock);
    ReleaseRegistry registry = new ReleaseRegistry();
    ServiceReleaseReconciler reconciler =
        new ServiceReleaseReconciler(
            ecs, autoscaling, guard, events, clock, options.release(), registry);

    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // The CRUD mock API (sandbox, tests) speaks only JSON/merge patch; production
                  // uses the
                  // same setting so the tests cover what ships.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(options.reconcileThreads())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meters));
              if (options.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(options.leaseName(), options.leaseNamespace()));
              }
            });
    GenericRetry retry =
        new GenericRetry()
            .setInitialInterval(options.retryInitial().toMillis())
            .setIntervalMultiplier(2.0)
            .setMaxInterval(options.retryMax().toMillis())
            .withoutMaxAttempts();
    operator.register(
        reconciler,
        c -> {
          c.withRetry(retry).withFinalizer("slipway.dev/finalizer").withName("servicerelease");
          if (!options.namespaces().isEmpty()) c.settingNamespaces(options.namespaces());
          if (options.labelSelector() != null && !options.labelSelector().isBlank())
            c.withLabelSelector(options.labelSelector());
        });
    operator.start();
    DriftScanner scanner = new DriftScanner(registry, ecs, options.release().resync());
    scanner.start();
    return new SlipwayOperator(operator, scanner);
  }

  public DriftScanner scanner() {
    return scanner;
  }

  @Override
  public void close() {
    scanner.close();
    operator.stop();
  }
}
