package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;

/**
 * ECS canary and linear deployments: the production rule's weights at every step, read back with
 * DescribeRules, and the share of real requests each revision gets.
 */
class CanaryAndLinearTest {
  private final ProgressiveFixture f = new ProgressiveFixture();
  private String v1;
  private String v2;

  @BeforeEach
  void blueIsServing() {
    v1 = f.register("app:1");
    v2 = f.register("app:2");
    f.createAndSettle(v1, BlueGreenDeploymentTest.blueGreen(0).build());
    f.startTraffic();
  }

  @AfterEach
  void nothingLost() {
    f.assertNothingLost();
  }

  @Test
  void canaryShiftsItsPercentThenTheRest() {
    String arn =
        f.deploy(
            v2,
            DeploymentConfiguration.builder()
                .strategy("CANARY")
                .bakeTimeInMinutes(1)
                .canaryConfiguration(c -> c.canaryPercent(10.0).canaryBakeTimeInMinutes(5))
                .build());
    f.runUntil(
        d -> d.targetServiceRevision().requestedProductionTrafficWeight() > 0,
        Duration.ofMinutes(10));
    assertThat(f.current().lifecycleStageAsString()).isEqualTo("PRODUCTION_TRAFFIC_SHIFT");
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.blueTg, 90, f.greenTg, 10));
    assertThat(f.current().targetServiceRevision().requestedProductionTrafficWeight())
        .isEqualTo(10.0);
    assertThat(f.current().sourceServiceRevisions().get(0).requestedProductionTrafficWeight())
        .isEqualTo(90.0);
    var traffic = f.trafficDuring(Duration.ofMinutes(2));
    assertThat(traffic.get("public")).isEqualTo(Map.of(v1, 10800L, v2, 1200L));
    // Test traffic moved wholly before production began.
    assertThat(traffic.get("office")).isEqualTo(Map.of(v2, 1200L));

    f.runUntil(
        d -> d.targetServiceRevision().requestedProductionTrafficWeight() == 100,
        Duration.ofMinutes(4));
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.blueTg, 0, f.greenTg, 100));
    f.runUntil(d -> d.statusAsString().equals("SUCCESSFUL"), Duration.ofMinutes(3));
    assertThat(f.describe(arn).deploymentConfiguration().canaryConfiguration().canaryPercent())
        .isEqualTo(10.0);
  }

  @Test
  void linearShiftsInEqualStepsWithABakeBetween() {
    f.deploy(
        v2,
        DeploymentConfiguration.builder()
            .strategy("LINEAR")
            .bakeTimeInMinutes(0)
            .linearConfiguration(c -> c.stepPercent(25.0).stepBakeTimeInMinutes(2))
            .build());
    List<Integer> seen = new ArrayList<>();
    f.runUntil(
        d -> {
          int green = f.weights(f.productionRule).get(f.greenTg);
          if (seen.isEmpty() || seen.get(seen.size() - 1) != green) seen.add(green);
          return d.statusAsString().equals("SUCCESSFUL");
        },
        Duration.ofMinutes(20));
    assertThat(seen).containsExactly(0, 25, 50, 75, 100);
  }

  @Test
  void linearRequestsFollowTheWeights() {
    f.deploy(
        v2,
        DeploymentConfiguration.builder()
            .strategy("LINEAR")
            .linearConfiguration(c -> c.stepPercent(30.0).stepBakeTimeInMinutes(3))
            .build());
    f.runUntil(
        d -> d.targetServiceRevision().requestedProductionTrafficWeight() == 30,
        Duration.ofMinutes(10));
    assertThat(f.weights(f.productionRule)).isEqualTo(Map.of(f.blueTg, 70, f.greenTg, 30));
    assertThat(f.trafficDuring(Duration.ofMinutes(1)).get("public"))
        .isEqualTo(Map.of(v1, 4200L, v2, 1800L));
    f.runUntil(
        d -> d.targetServiceRevision().requestedProductionTrafficWeight() == 60,
        Duration.ofMinutes(4));
    f.runUntil(
        d -> d.targetServiceRevision().requestedProductionTrafficWeight() == 90,
        Duration.ofMinutes(4));
    f.runUntil(
        d -> d.targetServiceRevision().requestedProductionTrafficWeight() == 100,
        Duration.ofMinutes(4));
    f.runUntil(d -> d.statusAsString().equals("SUCCESSFUL"), Duration.ofMinutes(3));
  }

  @Test
  void weightsForTenthsOfAPercent() {
    assertThat(TrafficShifter.weights(5)).containsExactly(95, 5);
    assertThat(TrafficShifter.weights(2.5)).containsExactly(975, 25);
    assertThat(TrafficShifter.weights(99.9)).containsExactly(1, 999);
    assertThat(TrafficShifter.weights(100)).containsExactly(0, 100);
  }
}
