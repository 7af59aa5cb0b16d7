package dev.slipway.sandbox.sim;

import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.Service;

/** Shared setup for simulator tests: a manual clock, no throttling, one cluster. */
class SimFixture {
  static final String ACCOUNT = "111122223333";
  static final String REGION = "eu-west-1";
  static final String CLUSTER = "apps";

  final SimClock clock = SimClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
  final AwsSimulator sim;
  final AwsTarget target = new AwsTarget(ACCOUNT, REGION, null);
  final EcsClient ecs;

  SimFixture() {
    this(false);
  }

  SimFixture(boolean throttling) {
    sim =
        AwsSimulator.builder()
            .clock(clock)
            .defaultAccountId(ACCOUNT)
            .throttling(throttling)
            .seed(7)
            .build();
    ecs = sim.ecs(target);
    sim.createCluster(ACCOUNT, REGION, CLUSTER);
  }

  /** Registers a one-container task definition and returns its ARN. */
  String register(String family, String image, String... command) {
    ContainerDefinition.Builder c =
        ContainerDefinition.builder().name("app").image(image).essential(true);
    if (command.length > 0) c.command(Arrays.asList(command));
    return ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(c.build()))
        .taskDefinition()
        .taskDefinitionArn();
  }

  Service create(
      String name, String taskDefinition, int desired, boolean breaker, boolean rollback) {
    return ecs.createService(
            CreateServiceRequest.builder()
                .cluster(CLUSTER)
                .serviceName(name)
                .taskDefinition(taskDefinition)
                .desiredCount(desired)
                .deploymentConfiguration(
                    d ->
                        d.deploymentCircuitBreaker(
                            DeploymentCircuitBreaker.builder()
                                .enable(breaker)
                                .rollback(rollback)
                                .build()))
                .build())
        .service();
  }

  /** A plain CreateService with one task, for error-path tests. */
  Service create0(String cluster, String name, String taskDefinition) {
    return ecs.createService(
            r ->
                r.cluster(cluster).serviceName(name).taskDefinition(taskDefinition).desiredCount(1))
        .service();
  }

  Service describe(String name) {
    return ecs.describeServices(r -> r.cluster(CLUSTER).services(name)).services().get(0);
  }

  void advance(Duration d) {
    clock.advance(d);
  }

  /** Advances in small steps (as a polling reconciler would) until the deadline. */
  void poll(Duration total, Duration every) {
    for (Duration t = Duration.ZERO; t.compareTo(total) < 0; t = t.plus(every)) {
      clock.advance(every);
      describe0();
    }
  }

  private void describe0() {
    ecs.listClusters();
  }
}
