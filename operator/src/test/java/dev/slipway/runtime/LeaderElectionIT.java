package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
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
        create(sandbox, "elected", "repo/app:v1");
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> phase(sandbox, "elected") == Phase.Ready);
        String leader = holder(sandbox);
        assertThat(leader).isIn("replica-a", "replica-b");
        assertThat(revisions(sandbox, "elected")).as("one leader, one registration").hasSize(1);

        // Stop whichever replica leads; the other must pick up the next release.
        (leader.equals("replica-a") ? first : second).close();
        String standby = leader.equals("replica-a") ? "replica-b" : "replica-a";
        edit(sandbox, "elected", "repo/app:v2");
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    standby.equals(holder(sandbox))
                        && "repo/app:v2".equals(image(sandbox, "elected"))
                        && phase(sandbox, "elected") == Phase.Ready);
        assertThat(revisions(sandbox, "elected")).hasSize(2);
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

  static void create(Sandbox sandbox, String name, String image) {
    ServiceRelease sr = new ServiceRelease();
    sr.getMetadata().setName(name);
    sr.getMetadata().setNamespace("default");
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = new AwsSpec();
    spec.aws.accountId = Sandbox.ACCOUNT;
    spec.aws.region = Sandbox.REGION;
    spec.cluster = "core";
    spec.taskDefinition = new TaskDefinitionSpec();
    spec.taskDefinition.family = name;
    spec.taskDefinition.cpu = "256";
    spec.taskDefinition.memory = "512";
    ContainerSpec app = new ContainerSpec();
    app.name = "app";
    app.image = image;
    spec.taskDefinition.containers = new java.util.ArrayList<>(List.of(app));
    spec.service = new ServiceSpec();
    spec.service.networkConfiguration = new ServiceSpec.NetworkConfiguration();
    spec.service.networkConfiguration.subnets = List.of("subnet-0a1b2c3d");
    sr.setSpec(spec);
    sandbox.client().resources(ServiceRelease.class).inNamespace("default").resource(sr).create();
  }

  static void edit(Sandbox sandbox, String name, String image) {
    sandbox
        .client()
        .resources(ServiceRelease.class)
        .inNamespace("default")
        .withName(name)
        .edit(
            r -> {
              r.getSpec().taskDefinition.containers.get(0).image = image;
              return r;
            });
  }

  static Phase phase(Sandbox sandbox, String name) {
    ServiceRelease sr =
        sandbox
            .client()
            .resources(ServiceRelease.class)
            .inNamespace("default")
            .withName(name)
            .get();
    return sr == null || sr.getStatus() == null ? null : sr.getStatus().phase;
  }

  static String image(Sandbox sandbox, String name) {
    ServiceRelease sr =
        sandbox
            .client()
            .resources(ServiceRelease.class)
            .inNamespace("default")
            .withName(name)
            .get();
    return sr == null || sr.getStatus() == null ? null : sr.getStatus().image;
  }

  static List<String> revisions(Sandbox sandbox, String family) {
    return sandbox.aws().inventory(Sandbox.ACCOUNT, Sandbox.REGION).taskDefinitions().stream()
        .filter(arn -> arn.contains("task-definition/" + family + ":"))
        .toList();
  }
}
