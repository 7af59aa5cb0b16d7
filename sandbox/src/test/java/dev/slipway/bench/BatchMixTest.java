package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import dev.slipway.bench.BatchMix.Cadence;
import dev.slipway.bench.BatchMix.Plan;
import dev.slipway.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark's batches: the mix it claims, valid specs, nightly runs inside the period. */
class BatchMixTest {
  private static final Instant START = Instant.parse("2026-12-05T13:20:00Z");

  @Test
  void fiftyBatchesMixCadencesAndEnginesAsDocumented() {
    List<Plan> plans = BatchMix.of(50, START, Duration.ofMinutes(30));
    Map<Cadence, Long> cadences =
        plans.stream().collect(Collectors.groupingBy(Plan::cadence, Collectors.counting()));
    assertThat(cadences)
        .containsEntry(Cadence.MINUTE, 10L)
        .containsEntry(Cadence.FIVE_MINUTES, 15L)
        .containsEntry(Cadence.HOURLY, 15L)
        .containsEntry(Cadence.NIGHTLY, 10L);
    assertThat(plans.stream().filter(p -> p.engine() == Engine.Operator)).hasSize(25);
    for (Cadence c : Cadence.values()) {
      assertThat(plans.stream().filter(p -> p.cadence() == c).map(Plan::engine).distinct())
          .as(c.name())
          .hasSize(2);
    }
    assertThat(plans.stream().filter(p -> p.exitCode() != 0)).hasSize(7);
    assertThat(plans.stream().filter(p -> p.release().equals(BatchMix.REPORTS))).hasSize(10);
    assertThat(plans.stream().map(Plan::name).distinct()).hasSize(50);
  }

  @Test
  void everyScheduleParsesAndEngineOperatorRunsEndBeforeTheNextSlot() {
    for (Plan p : BatchMix.of(50, START, Duration.ofMinutes(30))) {
      ScheduleExpression e = ScheduleExpression.parse(p.schedule());
      List<Instant> slots =
          e.slotsBetween(START, START.plus(Duration.ofDays(2)), ZoneId.of(p.timeZone()));
      Duration gap = Duration.between(slots.get(0), slots.get(1));
      // 20 s of provisioning and pending before the command runs: Forbid must never skip.
      assertThat(Duration.ofSeconds(p.runSeconds() + 20)).as(p.name()).isLessThan(gap);
    }
  }

  @Test
  void nightlyBatchesRunInTokyoOnceWithinThePeriod() {
    for (Plan p : BatchMix.of(50, START, Duration.ofMinutes(30))) {
      if (p.cadence() != Cadence.NIGHTLY) continue;
      assertThat(p.timeZone()).isEqualTo("Asia/Tokyo");
      List<Instant> slots =
          ScheduleExpression.parse(p.schedule())
              .slotsBetween(START, START.plus(Duration.ofHours(2)), ZoneId.of("Asia/Tokyo"));
      assertThat(slots).as(p.name()).hasSize(1);
    }
  }

  @Test
  void resourcesCarryTheSpecAUserWouldWrite() {
    Plan eb = BatchMix.of(50, START, Duration.ofMinutes(30)).get(3);
    ScheduledTask st = BatchMix.resource(eb, "bench");
    assertThat(st.getSpec().engine).isEqualTo(Engine.Operator);
    assertThat(st.getSpec().eventBridge).isNull();
    assertThat(st.getSpec().overrides.containers.get(0).command)
        .containsExactly("sh", "-c", "sleep " + eb.runSeconds() + "; exit 1");
    Plan first = BatchMix.of(50, START, Duration.ofMinutes(30)).get(0);
    assertThat(BatchMix.resource(first, "bench").getSpec().eventBridge.roleArn)
        .isEqualTo(BatchMix.ROLE);
  }
}
