package dev.slipway.realapi;

import dev.slipway.release.ReleaseSettings;
import dev.slipway.runtime.OperatorOptions;
import dev.slipway.runtime.SlipwayOperator;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.SimClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * Slipway's operator, wired as in production, in this JVM against the real control plane with the
 * AWS simulator behind it (60 simulated seconds per real second, so rollouts take seconds).
 */
final class RealApiOperator implements AutoCloseable {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "ap-northeast-1";

  final AwsSimulator aws;
  private final KubernetesClient client;
  private final OperatorOptions options;
  private SlipwayOperator operator;

  private RealApiOperator(KubernetesClient client, AwsSimulator aws, OperatorOptions options) {
    this.client = client;
    this.aws = aws;
    this.options = options;
  }

  /** Options as the tests run them: fast release timings and retries, no leader election. */
  static OperatorOptions fastOptions() {
    return OperatorOptions.defaults()
        .withRelease(
            new ReleaseSettings(
                Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10))
        .withRetry(Duration.ofMillis(500), Duration.ofSeconds(10));
  }

  /** Starts the operator with this client (its identity is what RBAC sees). */
  static RealApiOperator start(KubernetesClient client, OperatorOptions options) {
    AwsSimulator aws =
        AwsSimulator.builder()
            .clock(SimClock.scaled(Instant.now(), 60))
            .defaultAccountId(ACCOUNT)
            .build();
    aws.createCluster(ACCOUNT, REGION, "core");
    RealApiOperator started = new RealApiOperator(client, aws, options);
    started.startOperator();
    return started;
  }

  synchronized void startOperator() {
    if (operator == null) {
      operator =
          SlipwayOperator.start(client, aws, aws.clock(), options, new SimpleMeterRegistry());
    }
  }

  synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  @Override
  public void close() {
    stopOperator();
  }
}
