package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/** Simulated ECS deployment circuit breaker: threshold, FAILED state and rollback. */
class CircuitBreakerTest {
  private final SimFixture f = new SimFixture();

  @Test
  void thresholdIsHalfTheDesiredCountClampedTo3And200() {
    assertThat(ServiceScheduler.breakerThreshold(2)).isEqualTo(3);
    assertThat(ServiceScheduler.breakerThreshold(10)).isEqualTo(5);
    assertThat(ServiceScheduler.breakerThreshold(11)).isEqualTo(6);
    assertThat(ServiceScheduler.breakerThreshold(1000)).isEqualTo(200);
  }

  @Test
  void crashloopAfterGoodDeploymentRollsBackAndCompletes() {
    String good = f.register("web", "example/app:1.0");
    f.create("web", good, 2, true, true);
    f.advance(Duration.ofMinutes(2));
    String bad = f.register("web", "example/app:1.1-crashloop");
    f.ecs.updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").taskDefinition(bad));
    String badId = f.describe("web").deployments().get(0).id();

    Service failed = awaitFailed(badId, Duration.ofMinutes(10));
    Deployment failedDeployment =
        failed.deployments().stream().filter(d -> d.id().equals(badId)).findFirst().orElseThrow();
    assertThat(failedDeployment.failedTasks()).isGreaterThanOrEqualTo(3);
    assertThat(failedDeployment.rolloutStateReason())
        .isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
    assertThat(failedDeployment.status()).isEqualTo("ACTIVE");
    assertThat(failed.taskDefinition()).isEqualTo(good);
    assertThat(failed.deployments().get(0).taskDefinition()).isEqualTo(good);
    assertThat(failed.events())
        .anyMatch(e -> e.message().contains("rolling back to deployment ecs-svc/"));
    assertThat(failed.events())
        .anyMatch(
            e ->
                e.message()
                    .equals(
                        "(service web) deployment "
                            + badId
                            + " deployment failed: tasks failed to start."));

    f.advance(Duration.ofMinutes(3));
    Service after = f.describe("web");
    assertThat(after.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.taskDefinition()).isEqualTo(good);
              assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED");
            });
    assertThat(after.runningCount()).isEqualTo(2);
  }

  @Test
  void thresholdScalesWithDesiredCount() {
    String good = f.register("web", "example/app:1.0");
    f.create("web", good, 10, true, true);
    f.advance(Duration.ofMinutes(3));
    f.ecs.updateService(
        r ->
            r.cluster(SimFixture.CLUSTER)
                .service("web")
                .taskDefinition(f.register("web", "example/app:2-crashloop")));
    String badId = f.describe("web").deployments().get(0).id();
    Service failed = awaitFailed(badId, Duration.ofMinutes(10));
    Deployment d =
        failed.deployments().stream().filter(x -> x.id().equals(badId)).findFirst().orElseThrow();
    assertThat(d.failedTasks()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void crashloopOnFirstDeploymentFailsWithoutRollback() {
    String bad = f.register("web", "example/app:1.0-crashloop");
    f.create("web", bad, 2, true, true);
    f.advance(Duration.ofMinutes(5));
    Service s = f.describe("web");
    assertThat(s.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.rolloutStateAsString()).isEqualTo("FAILED");
              assertThat(d.failedTasks()).isGreaterThanOrEqualTo(3);
            });
    assertThat(s.taskDefinition()).isEqualTo(bad);
    int failedTasks = s.deployments().get(0).failedTasks();
    f.advance(Duration.ofMinutes(5));
    Service later = f.describe("web");
    assertThat(later.runningCount()).isZero();
    assertThat(later.pendingCount()).isZero();
    assertThat(later.deployments().get(0).failedTasks()).isEqualTo(failedTasks);
  }

  @Test
  void withoutBreakerCrashloopStaysInProgressAndKeepsReplacingTasks() {
    String bad = f.register("web", "example/app:1.0-crashloop");
    f.create("web", bad, 2, false, false);
    f.advance(Duration.ofMinutes(10));
    Deployment d = f.describe("web").deployments().get(0);
    assertThat(d.rolloutStateAsString()).isEqualTo("IN_PROGRESS");
    assertThat(d.failedTasks()).isGreaterThan(10);
    var stopped =
        f.ecs
            .describeTasks(
                r ->
                    r.cluster(SimFixture.CLUSTER)
                        .tasks(
                            f.ecs
                                .listTasks(
                                    l ->
                                        l.cluster(SimFixture.CLUSTER)
                                            .serviceName("web")
                                            .desiredStatus("STOPPED"))
                                .taskArns()
                                .subList(0, 1)))
            .tasks()
            .get(0);
    assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
    assertThat(stopped.containers().get(0).exitCode()).isEqualTo(1);
  }

  @Test
  void pullFailuresCountAsFailedTasks() {
    String good = f.register("web", "example/app:1.0");
    f.create("web", good, 2, true, true);
    f.advance(Duration.ofMinutes(2));
    f.ecs.updateService(
        r ->
            r.cluster(SimFixture.CLUSTER)
                .service("web")
                .taskDefinition(f.register("web", "example/app:1.1-pullfail")));
    f.advance(Duration.ofMinutes(5));
    Service s = f.describe("web");
    assertThat(s.deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.taskDefinition()).isEqualTo(good));
    var arns =
        f.ecs
            .listTasks(
                l -> l.cluster(SimFixture.CLUSTER).serviceName("web").desiredStatus("STOPPED"))
            .taskArns();
    var task =
        f.ecs.describeTasks(r -> r.cluster(SimFixture.CLUSTER).tasks(arns)).tasks().stream()
            .filter(x -> x.taskDefinitionArn().endsWith(":2"))
            .findFirst()
            .orElseThrow();
    assertThat(task.stopCodeAsString()).isEqualTo("TaskFailedToStart");
    assertThat(task.stoppedReason()).startsWith("CannotPullContainerError:");
    assertThat(task.containers().get(0).exitCode()).isNull();
  }

  private Service awaitFailed(String deploymentId, Duration max) {
    for (Duration t = Duration.ZERO; t.compareTo(max) < 0; t = t.plus(Duration.ofSeconds(10))) {
      f.advance(Duration.ofSeconds(10));
      Service s = f.describe("web");
      boolean failed =
          s.deployments().stream()
              .anyMatch(
                  d -> d.id().equals(deploymentId) && d.rolloutStateAsString().equals("FAILED"));
      if (failed) return s;
    }
    throw new AssertionError("deployment " + deploymentId + " did not fail within " + max);
  }
}
