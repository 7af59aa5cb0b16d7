package dev.slipway.runtime;

import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.release.ReleaseSettings;
import java.time.Duration;
import java.util.Set;

/**
 * How one operator process runs: which resources it watches (namespaces and a label selector, so
 * several deployments can shard a fleet), leader election, concurrency and timing.
 */
public record OperatorOptions(
    Set<String> namespaces,
    String labelSelector,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int reconcileThreads,
    ReleaseSettings release,
    AwsResilienceSettings aws,
    Duration retryInitial,
    Duration retryMax) {

  public static OperatorOptions defaults() {
    return new OperatorOptions(
        Set.of(),
        null,
        false,
        "slipway-leader",
        null,
        10,
        ReleaseSettings.defaults(),
        AwsResilienceSettings.defaults(),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5));
  }

  public OperatorOptions withRelease(ReleaseSettings value) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        leaderElection,
        leaseName,
        leaseNamespace,
        reconcileThreads,
        value,
        aws,
        retryInitial,
        retryMax);
  }

  public OperatorOptions withAws(AwsResilienceSettings value) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        leaderElection,
        leaseName,
        leaseNamespace,
        reconcileThreads,
        release,
        value,
        retryInitial,
        retryMax);
  }

  public OperatorOptions withRetry(Duration initial, Duration max) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        leaderElection,
        leaseName,
        leaseNamespace,
        reconcileThreads,
        release,
        aws,
        initial,
        max);
  }

  public OperatorOptions withWatch(Set<String> ns, String selector) {
    return new OperatorOptions(
        ns,
        selector,
        leaderElection,
        leaseName,
        leaseNamespace,
        reconcileThreads,
        release,
        aws,
        retryInitial,
        retryMax);
  }

  public OperatorOptions withLeaderElection(boolean enabled, String name, String namespace) {
    return new OperatorOptions(
        namespaces,
        labelSelector,
        enabled,
        name,
        namespace,
        reconcileThreads,
        release,
        aws,
        retryInitial,
        retryMax);
  }
}
