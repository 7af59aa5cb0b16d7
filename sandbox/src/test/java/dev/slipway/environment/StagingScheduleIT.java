package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.sandbox.sim.SimClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shared environment and its branch environment on a Tokyo business-hours schedule, over a
 * simulated week: asleep before the window, awake in it, asleep after it, caught up after the
 * operator was down across a transition, asleep on a holiday, woken on demand until a given time,
 * and a schedule change applied at once. The branch inherits the shared schedule.
 */
class StagingScheduleIT {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
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
  void aWeekOfSleepAndWake() {
    SimClock clock = fx.sandbox.aws().clock();
    ZonedDateTime monday =
        ZonedDateTime.ofInstant(clock.instant(), TOKYO)
            .plusDays(1)
            .with(TemporalAdjusters.next(DayOfWeek.MONDAY))
            .with(LocalTime.of(7, 0));
    ZonedDateTime wednesday = monday.plusDays(2);
    advanceTo(clock, monday);

    StagingEnvironment shared = Environments.sharedPort("nap", Engine.mysql, fx.lb, 12000, 12010);
    shared.getSpec().branches.ttl = null;
    shared.getSpec().schedule =
        schedule(List.of(wednesday.toLocalDate().toString()), "Mon-Fri", "08:00", "21:00");
    fx.apply(shared);
    fx.apply(Environments.branch("nap-qa", "nap", "qa/nap", "qa-nap-1"));

    StagingEnvironment asleep = fx.awaitPhase("nap", Phase.Sleeping);
    assertThat(asleep.getStatus().power.state).isEqualTo("Asleep");
    assertThat(Instant.parse(asleep.getStatus().power.nextTransition))
        .isEqualTo(monday.with(LocalTime.of(8, 0)).toInstant());
    assertThat(fx.awaitPhase("nap-qa", Phase.Sleeping).getStatus().power.timeZone)
        .as("inherited")
        .isEqualTo("Asia/Tokyo");

    advanceTo(clock, monday.with(LocalTime.of(8, 0)));
    assertAwake("nap");
    assertAwake("nap-qa");

    advanceTo(clock, monday.with(LocalTime.of(21, 0)));
    assertAsleep("nap");
    assertAsleep("nap-qa");

    // The operator is down across Tuesday 08:00; on start it finds the environment due awake.
    fx.sandbox.stopOperator();
    advanceTo(clock, monday.plusDays(1).with(LocalTime.of(9, 0)));
    fx.sandbox.startOperator();
    assertAwake("nap");

    // Wednesday is a holiday.
    advanceTo(clock, wednesday.with(LocalTime.of(9, 0)));
    StagingEnvironment holiday = assertAsleep("nap");
    assertThat(holiday.getStatus().power.reason).isEqualTo("Holiday");

    // Woken on demand until 11:00, then asleep again without anyone touching it.
    ZonedDateTime eleven = wednesday.with(LocalTime.of(11, 0));
    fx.annotate("nap", EnvironmentPower.WAKE_UNTIL, eleven.toOffsetDateTime().toString());
    StagingEnvironment woken = assertAwake("nap");
    assertThat(woken.getStatus().power.reason).isEqualTo("WakeUntil");
    assertThat(Instant.parse(woken.getStatus().power.nextTransition)).isEqualTo(eleven.toInstant());
    assertAsleep("nap-qa");
    advanceTo(clock, eleven);
    assertAsleep("nap");

    // A schedule change applies at once: no more holiday.
    StagingEnvironment edited = fx.get("nap");
    edited.getSpec().schedule.holidays = null;
    fx.apply(edited);
    assertAwake("nap");
    assertAwake("nap-qa");
  }

  private static StagingEnvironment assertAwake(String name) {
    StagingEnvironment env = fx.awaitPhase(name, Phase.Ready);
    assertThat(env.getStatus().power.state).isEqualTo("Awake");
    fx.childrenOf(env)
        .forEach(
            r -> {
              var service = fx.service(r.getMetadata().getName());
              assertThat(service.desiredCount()).as(r.getMetadata().getName()).isEqualTo(1);
            });
    return env;
  }

  private static StagingEnvironment assertAsleep(String name) {
    StagingEnvironment env = fx.awaitPhase(name, Phase.Sleeping);
    assertThat(env.getStatus().power.state).isEqualTo("Asleep");
    fx.childrenOf(env)
        .forEach(
            r -> {
              var service = fx.service(r.getMetadata().getName());
              if (service != null) {
                assertThat(service.desiredCount()).as(r.getMetadata().getName()).isZero();
              }
            });
    return env;
  }

  private static void advanceTo(SimClock clock, ZonedDateTime when) {
    Duration by = Duration.between(clock.instant(), when.toInstant());
    if (!by.isNegative()) clock.advance(by);
  }

  static ScheduleSpec schedule(List<String> holidays, String days, String from, String to) {
    ScheduleSpec s = new ScheduleSpec();
    s.timeZone = "Asia/Tokyo";
    ScheduleSpec.AwakeWindow w = new ScheduleSpec.AwakeWindow();
    w.days = days;
    w.from = from;
    w.to = to;
    s.awake = List.of(w);
    s.holidays = holidays;
    return s;
  }
}
