package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.CostStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.sandbox.sim.SimClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * status.cost of a real shared environment and its branch environment on the simulator, with the
 * operator's bundled example prices: awake in the Tokyo business-hours window, asleep after it
 * (nothing runs, the month stays the same), the branch following the shared schedule.
 */
class EnvironmentCostIT {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  /*
   * One task each (the shared environment's desiredCount 1, the branch policy's default 1):
   * X86_64, 256 CPU units = 0.25 vCPU, 512 MiB = 0.5 GB, the FARGATE launch type, ap-northeast-1
   * at the example table's 0.05056 $/vCPU-h and 0.00553 $/GB-h:
   *   0.25 × 0.05056 + 0.5 × 0.00553 = 0.01264 + 0.002765 = 0.015405 $/h
   *   always on:  0.015405 × 730 = 11.24565 $/month
   *   scheduled:  11.24565 × 260 / 672 (Mon-Fri 08:00-21:00) = 4.35099… $/month
   *   saving:     1 − 260 / 672 = 61.3 %
   */
  static final double HOURLY = 0.015405;
  static final double ALWAYS_ON = 11.24565;
  static final double PROJECTED = 11.24565 * 260 / 672;

  static EnvironmentFixture fx;

  @BeforeAll
  static void start() {
    fx = EnvironmentFixture.start();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void anEnvironmentReportsWhatItCostsAwakeAndAsleep() {
    SimClock clock = fx.sandbox.aws().clock();
    ZonedDateTime tuesday =
        ZonedDateTime.ofInstant(clock.instant(), TOKYO)
            .plusDays(1)
            .with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
            .with(LocalTime.of(10, 0));
    advanceTo(clock, tuesday);

    StagingEnvironment shared =
        Environments.sharedPort("pricey", Engine.mysql, fx.lb, 12100, 12110);
    shared.getSpec().branches.ttl = null;
    shared.getSpec().schedule = businessHours();
    fx.apply(shared);
    fx.apply(Environments.branch("pricey-qa", "pricey", "qa/pricey", "qa-pricey-1"));

    fx.awaitPhase("pricey", Phase.Ready);
    fx.awaitPhase("pricey-qa", Phase.Ready);
    for (String name : List.of("pricey", "pricey-qa")) {
      awaitCost(
          name,
          c -> {
            assertThat(c.message).isNull();
            assertThat(c.currency).isEqualTo("USD");
            assertThat(c.prices).isEqualTo("AWS Fargate example prices (Linux), 2026-12-05");
            assertThat(c.hourlyNow).isCloseTo(HOURLY, within(0.0001));
            assertThat(c.monthlyAlwaysOnOnDemand).isCloseTo(ALWAYS_ON, within(0.0001));
            assertThat(c.monthlyProjected).isCloseTo(PROJECTED, within(0.0001));
            assertThat(c.awakeFraction)
                .as("the branch follows the shared schedule")
                .isEqualTo(0.3869);
            assertThat(c.savingPercent).isEqualTo(61.3);
          });
    }

    advanceTo(clock, tuesday.with(LocalTime.of(21, 0)));
    fx.awaitPhase("pricey", Phase.Sleeping);
    fx.awaitPhase("pricey-qa", Phase.Sleeping);
    for (String name : List.of("pricey", "pricey-qa")) {
      awaitCost(
          name,
          c -> {
            assertThat(c.hourlyNow).isEqualTo(0.0);
            assertThat(c.monthlyProjected).isCloseTo(PROJECTED, within(0.0001));
            assertThat(c.monthlyAlwaysOnOnDemand).isCloseTo(ALWAYS_ON, within(0.0001));
          });
    }
  }

  private static void awaitCost(String name, Consumer<CostStatus> check) {
    await()
        .atMost(EnvironmentFixture.WAIT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              StagingEnvironment env = fx.get(name);
              assertThat(env.getStatus().cost).as(name).isNotNull();
              check.accept(env.getStatus().cost);
            });
  }

  private static ScheduleSpec businessHours() {
    ScheduleSpec s = new ScheduleSpec();
    s.timeZone = "Asia/Tokyo";
    ScheduleSpec.AwakeWindow w = new ScheduleSpec.AwakeWindow();
    w.days = "Mon-Fri";
    w.from = "08:00";
    w.to = "21:00";
    s.awake = List.of(w);
    return s;
  }

  private static void advanceTo(SimClock clock, ZonedDateTime when) {
    Duration by = Duration.between(clock.instant(), when.toInstant());
    if (!by.isNegative()) clock.advance(by);
  }
}
