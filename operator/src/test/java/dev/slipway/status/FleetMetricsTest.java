package dev.slipway.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FleetMetricsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final FleetMetrics metrics = new FleetMetrics(registry);
  final Instant t0 = Instant.parse("2026-11-22T00:00:00Z");

  @Test
  void oneSeriesPerReleaseFollowsItsPhase() {
    metrics.release(resource("web"), null, "Progressing", t0);
    metrics.release(resource("web"), "Progressing", "Ready", t0.plusSeconds(60));

    assertThat(registry.find("slipway.release.phase").tag("name", "web").gauges()).hasSize(1);
    assertThat(registry.get("slipway.release.phase").tag("phase", "Ready").gauge().value())
        .isEqualTo(1);
    assertThat(registry.get("slipway.release.phase.since.timestamp.seconds").gauge().value())
        .isEqualTo(t0.plusSeconds(60).getEpochSecond());
    assertThat(registry.get("slipway.release.transitions").tag("phase", "Ready").counter().count())
        .isEqualTo(1);
  }

  @Test
  void anUnchangedPhaseAfterRestartIsNotATransition() {
    metrics.release(resource("web"), "Ready", "Ready", t0);
    metrics.release(resource("web"), "Ready", "Ready", t0.plusSeconds(30));

    assertThat(registry.find("slipway.release.transitions").counters()).isEmpty();
    assertThat(registry.get("slipway.release.phase.since.timestamp.seconds").gauge().value())
        .as("the first observation stays the start of the phase")
        .isEqualTo(t0.getEpochSecond());
  }

  @Test
  void environmentsAreCountedByKindAndPhaseAndForgotten() {
    metrics.environment(resource("staging"), false, null, "Ready", t0);
    metrics.environment(resource("qa-a"), true, null, "Ready", t0);
    metrics.environment(resource("qa-b"), true, null, "Ready", t0);
    metrics.environment(resource("qa-b"), true, "Ready", "Expired", t0);

    assertThat(count("branch", "Ready")).isEqualTo(1);
    assertThat(count("branch", "Expired")).isEqualTo(1);
    assertThat(count("shared", "Ready")).isEqualTo(1);

    metrics.forgetEnvironment(resource("qa-a"));
    assertThat(
            registry.find("slipway.environments").tags("kind", "branch", "phase", "Ready").gauge())
        .isNull();
    assertThat(registry.find("slipway.environment.phase").tag("name", "qa-a").gauges()).isEmpty();
  }

  @Test
  void anEnvironmentsCostIsThreeGaugesThatGoWhenUnknownOrDeleted() {
    metrics.environmentCost(resource("qa-a"), true, 0.0724, 20.4493, 76.4693);
    metrics.environmentCost(resource("staging"), false, 1.5, 300.0, 900.0);

    assertThat(cost("slipway.environment.cost.hourly.usd", "qa-a")).isEqualTo(0.0724);
    assertThat(cost("slipway.environment.cost.monthly.projected.usd", "qa-a")).isEqualTo(20.4493);
    assertThat(cost("slipway.environment.cost.monthly.always.on.on.demand.usd", "qa-a"))
        .isEqualTo(76.4693);
    assertThat(
            registry
                .get("slipway.environment.cost.hourly.usd")
                .tags("name", "staging", "kind", "shared", "namespace", "ns")
                .gauge()
                .value())
        .isEqualTo(1.5);

    // Unknown: no series rather than a wrong number.
    metrics.environmentCost(resource("qa-a"), true, null, null, null);
    assertThat(registry.find("slipway.environment.cost.hourly.usd").tag("name", "qa-a").gauges())
        .isEmpty();

    metrics.environmentCost(resource("qa-a"), true, 0.5, 1.0, 2.0);
    metrics.forgetEnvironment(resource("qa-a"));
    assertThat(registry.find("slipway.environment.cost.hourly.usd").tag("name", "qa-a").gauges())
        .isEmpty();
    assertThat(cost("slipway.environment.cost.hourly.usd", "staging")).isEqualTo(1.5);
  }

  private double cost(String gauge, String name) {
    return registry.get(gauge).tag("name", name).gauge().value();
  }

  private double count(String kind, String phase) {
    return registry.get("slipway.environments").tags("kind", kind, "phase", phase).gauge().value();
  }

  private static ConfigMap resource(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .endMetadata()
        .build();
  }
}
