package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.release.Releases;
import dev.slipway.release.SandboxReleases;
import dev.slipway.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas with Lease leader election: one acts, the other takes over when it stops.
 */
class LeaderElectionIT {

  @Test
  void onlyTheLeaderWritesAndAStandbyTakesOver() {
    ReleaseSettings fast =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    try (Sandbox sandbox = Sandbox.start(0, 60, fast, new SimpleMeterRegistry())) {
      sandbox.stopOperator();
      SlipwayOperator first = start(sandbox, replica(fast, "replica-a"));
      SlipwayOperator second = start(sandbox, replica(fast, "replica-b"));
      try {
        SandboxReleases.create(sandbox, Releases.web("elected", "repo/app:v1"));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> SandboxReleases.phase(sandbox, "elected") == Phase.Ready);
        String leader = holder(sandbox);
        assertThat(leader).isIn("replica-a", "replica-b");
        assertThat(SandboxReleases.revisions(sandbox, "elected"))
            .as("one leader, one registration")
            .hasSize(1);

        // Stop whichever replica leads; the other must pick up the next release.
        (leader.equals("replica-a") ? first : second).close();
        String standby = leader.equals("replica-a") ? "replica-b" : "replica-a";
        SandboxReleases.editImage(sandbox, "elected", "repo/app:v2");
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    standby.equals(holder(sandbox))
                        && "repo/app:v2"
                            .equals(SandboxReleases.get(sandbox, "elected").getStatus().image)
                        && SandboxReleases.phase(sandbox, "elected") == Phase.Ready);
        assertThat(SandboxReleases.revisions(sandbox, "elected")).hasSize(2);
      } finally {
        first.close();
        second.close();
      }
    }
  }

  static OperatorOptions replica(ReleaseSettings settings, String identity) {
    return OperatorOptions.defaults()
        .withRelease(settings)
        .withLeaderElection(
            new OperatorOptions.LeaderElection(true, "slipway-leader", "default", identity, false));
  }

  static String holder(Sandbox sandbox) {
    Lease lease = sandbox.client().leases().inNamespace("default").withName("slipway-leader").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  static SlipwayOperator start(Sandbox sandbox, OperatorOptions options) {
    return SlipwayOperator.start(
        sandbox.client(), sandbox.aws(), sandbox.aws().clock(), options, new SimpleMeterRegistry());
  }
}
