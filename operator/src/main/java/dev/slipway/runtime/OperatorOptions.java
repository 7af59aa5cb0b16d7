package dev.slipway.runtime;

import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.environment.cost.PriceTable;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.status.Backoff;
import java.time.Duration;
import java.util.Set;

/**
 * How one operator process runs: which resources it watches (namespaces and a label selector, so
 * several deployments can shard a fleet), leader election, concurrency and timing, and the Fargate
 * prices environments' costs are estimated with.
 */
public record OperatorOptions(
    Set<String> namespaces,
    String labelSelector,
    LeaderElection leaderElection,
    int reconcileThreads,
    ReleaseSettings release,
    AwsResilienceSettings aws,
    Duration retryInitial,
    Duration retryMax,
    PriceTable prices) {

  /**
   * Lease-based leader election; {@code identity} null means JOSDK's default (the pod's host name),
   * which is unique per replica in Kubernetes. A replica that loses the lease while running exits
   * when {@code exitWhenLost} (its pod restarts as a standby), as production wants; tests that run
   * replicas in one JVM turn that off.
   */
  public record LeaderElection(
      boolean enabled,
      String leaseName,
      String leaseNamespace,
      String identity,
      boolean exitWhenLost) {
    public static LeaderElection off() {
      return new LeaderElection(false, "slipway-leader", null, null, true);
    }
  }

  public static OperatorOptions defaults() {
    return new OperatorOptions(
        Set.of(),
        null,
        LeaderElection.off(),
        10,
        ReleaseSettings.defaults(),
        AwsResilienceSettings.defaults(),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        PriceTable.examples());
  }

  /** How a pass that cannot finish is retried: a pass that threw, and a blocked teardown alike. */
  public Backoff retry() {
    return new Backoff(retryInitial, retryMax);
  }

  public OperatorOptions withRelease(ReleaseSettings value) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        leaderElection,
        reconcileThreads,
        value,
        aws,
        retryInitial,
        retryMax,
        prices);
  }

  public OperatorOptions withAws(AwsResilienceSettings value) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        leaderElection,
        reconcileThreads,
        release,
        value,
        retryInitial,
        retryMax,
        prices);
  }

  public OperatorOptions withRetry(Duration initial, Duration max) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        leaderElection,
        reconcileThreads,
        release,
        aws,
        initial,
        max,
        prices);
  }

  public OperatorOptions withWatch(Set<String> ns, String selector) {
    return new OperatorOptions(
        ns,
        selector,
        leaderElection,
        reconcileThreads,
        release,
        aws,
        retryInitial,
        retryMax,
        prices);
  }

  public OperatorOptions withLeaderElection(LeaderElection value) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        value,
        reconcileThreads,
        release,
        aws,
        retryInitial,
        retryMax,
        prices);
  }

  /** The Fargate price table environments' costs are estimated with. */
  public OperatorOptions withPrices(PriceTable value) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        leaderElection,
        reconcileThreads,
        release,
        aws,
        retryInitial,
        retryMax,
        value);
  }
}
