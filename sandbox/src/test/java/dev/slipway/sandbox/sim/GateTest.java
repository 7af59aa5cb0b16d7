package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Throttling, fault injection, call counters and the simulated clock. */
class GateTest {

  @Test
  void burstThenThrottlingExceptionThenRefill() throws Exception {
    SimFixture f = new SimFixture(true);
    f.sim.resetCounters();
    int ok = 0;
    AwsServiceException throttled = null;
    // DescribeClusters draws from ECS_CLUSTER_READ: burst 50, refill 20 per second.
    for (int i = 0; i < 60 && throttled == null; i++) {
      try {
        f.ecs.describeClusters();
        ok++;
      } catch (AwsServiceException e) {
        throttled = e;
      }
    }
    assertThat(ok).isBetween(50, 52); // 50 burst plus whatever refilled meanwhile (20/s)
    assertThat(throttled).isInstanceOf(EcsException.class);
    assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
    assertThat(throttled.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
    assertThat(throttled.statusCode()).isEqualTo(400);
    assertThat(throttled.isThrottlingException()).isTrue();
    assertThat(f.sim.calls("ecs", "DescribeClusters").throttled()).isEqualTo(1);

    Thread.sleep(300); // 20 tokens per second refill, measured in real time
    f.ecs.describeClusters();
    // Other buckets are independent.
    f.ecs.listTaskDefinitions();
  }

  @Test
  void stsThrottlingUsesTheQueryProtocolCode() {
    SimFixture f = new SimFixture(true);
    var sts = f.sim.sts(f.target);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 200; i++) sts.getCallerIdentity();
            })
        .isInstanceOfSatisfying(
            StsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling"));
  }

  @Test
  void errorRateIsRoughlyAsConfiguredAndCounted() {
    SimFixture f = new SimFixture();
    f.sim.faults().set("DescribeClusters", FaultRule.errors(0.3, FaultKind.SERVICE_UNAVAILABLE));
    f.sim.resetCounters();
    int failed = 0;
    for (int i = 0; i < 2000; i++) {
      try {
        f.ecs.describeClusters();
      } catch (EcsException e) {
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
        failed++;
      }
    }
    assertThat(failed).isBetween(500, 700);
    CallStats stats = f.sim.calls("ecs", "DescribeClusters");
    assertThat(stats.received()).isEqualTo(2000);
    assertThat(stats.faulted()).isEqualTo(failed);
    f.ecs.listClusters(); // other operations unaffected
  }

  @Test
  void lostResponsesAreAppliedAnyway() {
    SimFixture f = new SimFixture();
    String td = f.register("web", "app:1");
    f.sim.faults().set("ecs:CreateService", FaultRule.lostResponses(1.0));
    assertThatThrownBy(() -> f.create("web", td, 1, false, false))
        .isInstanceOfSatisfying(
            EcsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(500);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
            });
    assertThat(f.sim.inventory(SimFixture.ACCOUNT, SimFixture.REGION).services()).hasSize(1);
    f.sim.faults().clear();
    assertThatThrownBy(() -> f.create("web", td, 1, false, false))
        .hasMessageContaining("Creation of service was not idempotent.");
  }

  @Test
  void latencyIsRealTime() {
    SimFixture f = new SimFixture();
    f.sim.faults().set("*", FaultRule.latency(50));
    long start = System.nanoTime();
    f.ecs.listClusters();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void manualClockOnlyMovesWhenAdvanced() throws Exception {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    SimClock manual = SimClock.manual(start);
    Thread.sleep(5);
    assertThat(manual.instant()).isEqualTo(start);
    manual.advance(Duration.ofMinutes(3));
    assertThat(manual.instant()).isEqualTo(start.plusSeconds(180));
  }

  @Test
  void scaledClockRunsFasterAndCanBeAdvanced() throws Exception {
    Instant start = Instant.parse("2030-01-01T00:00:00Z");
    SimClock scaled = SimClock.scaled(start, 100);
    Thread.sleep(50);
    Duration elapsed = Duration.between(start, scaled.instant());
    assertThat(elapsed)
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5))
        .isLessThan(Duration.ofSeconds(60));
    scaled.advance(Duration.ofHours(1));
    assertThat(Duration.between(start, scaled.instant())).isGreaterThan(Duration.ofHours(1));
  }
}
