package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/** Simulated rolling deployments over simulated time, including slow and crashing images. */
class RolloutTest {
  private final SimFixture f = new SimFixture();

  @Test
  void newServiceCompletesWithinAFewMinutes() {
    String td = f.register("web", "nginx:1.25");
    Service created = f.create("web", td, 3, false, false);
    assertThat(created.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).matches("ecs-svc/\\d{19}");
              assertThat(d.rolloutStateAsString()).isEqualTo("IN_PROGRESS");
            });

    f.advance(Duration.ofSeconds(30));
    assertThat(f.describe("web").deployments().get(0).rolloutStateAsString())
        .isEqualTo("IN_PROGRESS");

    f.advance(Duration.ofMinutes(2));
    Service s = f.describe("web");
    assertThat(s.runningCount()).isEqualTo(3);
    assertThat(s.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED");
              assertThat(d.rolloutStateReason())
                  .isEqualTo("ECS deployment " + d.id() + " completed.");
              assertThat(d.runningCount()).isEqualTo(3);
            });
    assertThat(s.events().get(0).message()).isEqualTo("(service web) has reached a steady state.");
    assertThat(s.events())
        .anyMatch(e -> e.message().startsWith("(service web) has started 3 tasks: (task "));
    assertThat(f.sim.inventory(SimFixture.ACCOUNT, SimFixture.REGION).runningTasks()).hasSize(3);
  }

  @Test
  void imageUpdateStartsNewDeploymentAndDrainsTheOldOne() {
    String v1 = f.register("web", "nginx:1.25");
    f.create("web", v1, 2, false, false);
    f.advance(Duration.ofMinutes(2));
    String v2 = f.register("web", "nginx:1.26");

    Service updated =
        f.ecs
            .updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").taskDefinition("web"))
            .service();
    assertThat(updated.taskDefinition()).isEqualTo(v2);
    assertThat(updated.deployments())
        .extracting(Deployment::status)
        .containsExactly("PRIMARY", "ACTIVE");

    f.advance(Duration.ofSeconds(45));
    Service mid = f.describe("web");
    assertThat(mid.deployments()).hasSize(2);
    assertThat(mid.runningCount()).isGreaterThanOrEqualTo(2);

    f.advance(Duration.ofMinutes(2));
    Service done = f.describe("web");
    assertThat(done.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.taskDefinition()).isEqualTo(v2);
              assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED");
            });
    assertThat(done.runningCount()).isEqualTo(2);
    var running = f.sim.inventory(SimFixture.ACCOUNT, SimFixture.REGION).runningTasks();
    assertThat(running).hasSize(2).allMatch(t -> t.taskDefinition().equals(v2));
  }

  @Test
  void rolloutNeverDropsBelowMinimumHealthy() {
    String v1 = f.register("web", "nginx:1.25");
    f.create("web", v1, 4, false, false);
    f.advance(Duration.ofMinutes(2));
    f.ecs.updateService(
        r ->
            r.cluster(SimFixture.CLUSTER)
                .service("web")
                .taskDefinition(f.register("web", "nginx:2")));
    int minRunning = Integer.MAX_VALUE;
    for (int i = 0; i < 40; i++) {
      f.advance(Duration.ofSeconds(5));
      minRunning = Math.min(minRunning, f.describe("web").runningCount());
    }
    assertThat(minRunning).isGreaterThanOrEqualTo(4);
    assertThat(f.describe("web").deployments().get(0).rolloutStateAsString())
        .isEqualTo("COMPLETED");
  }

  @Test
  void desiredCountChangeAdjustsPrimaryWithoutNewDeployment() {
    String v1 = f.register("web", "nginx:1.25");
    f.create("web", v1, 2, false, false);
    f.advance(Duration.ofMinutes(2));
    String id = f.describe("web").deployments().get(0).id();
    f.ecs.updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").desiredCount(5));
    f.advance(Duration.ofMinutes(1));
    Service s = f.describe("web");
    assertThat(s.deployments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo(id);
              assertThat(d.desiredCount()).isEqualTo(5);
            });
    assertThat(s.runningCount()).isEqualTo(5);
  }

  @Test
  void slowTasksTakeHalfAnHourToBecomeHealthy() {
    String td = f.register("web", "example/app:1.0-slow");
    f.create("web", td, 2, true, true);
    f.advance(Duration.ofMinutes(10));
    Service s = f.describe("web");
    assertThat(s.runningCount()).isEqualTo(2);
    assertThat(s.deployments().get(0).rolloutStateAsString()).isEqualTo("IN_PROGRESS");
    f.advance(Duration.ofMinutes(21));
    assertThat(f.describe("web").deployments().get(0).rolloutStateAsString())
        .isEqualTo("COMPLETED");
  }

  @Test
  void forceNewDeploymentKeepsTaskDefinition() {
    String v1 = f.register("web", "nginx:1.25");
    f.create("web", v1, 1, false, false);
    f.advance(Duration.ofMinutes(2));
    f.ecs.updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").forceNewDeployment(true));
    assertThat(f.describe("web").deployments())
        .hasSize(2)
        .allMatch(d -> d.taskDefinition().equals(v1));
    f.advance(Duration.ofMinutes(2));
    assertThat(f.describe("web").deployments())
        .singleElement()
        .satisfies(d -> assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED"));
  }
}
