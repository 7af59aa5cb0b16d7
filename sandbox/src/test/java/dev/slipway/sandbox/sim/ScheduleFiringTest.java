package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Schedules firing on the simulated clock: in their time zone (across a DST change), through the
 * ECS simulator's RunTask, at least once (with injected duplicates), and failures recorded.
 */
class ScheduleFiringTest {
  private final SchedulerFixture f = new SchedulerFixture();
  private final String td = f.register("batch", "app:1");

  private void create(String name, String expression, String zone, String input) {
    f.scheduler.createSchedule(
        SchedulerFixture.schedule(name, expression, zone, SchedulerFixture.ecsTarget(td, input))
            .build());
  }

  private Task describe(String taskArn) {
    return f.ecs.describeTasks(r -> r.cluster(SimFixture.CLUSTER).tasks(taskArn)).tasks().get(0);
  }

  private static List<Instant> slots(List<ScheduleInvocation> invocations) {
    return invocations.stream().map(ScheduleInvocation::scheduledTime).toList();
  }

  @Test
  void weekdayMorningsInTokyoFireAtTheirSlotsAndStartTasksThen() {
    f.advance(Duration.ofMinutes(1));
    create("tokyo-morning", "cron(0 9 ? * MON-FRI *)", "Asia/Tokyo", null);
    f.advance(Duration.ofDays(7));
    List<ScheduleInvocation> runs = f.control.invocations("tokyo-morning");
    // 2030-01-01 is a Tuesday; its 09:00 JST (00:00Z) came before the schedule existed.
    assertThat(slots(runs))
        .containsExactly(
            Instant.parse("2030-01-02T00:00:00Z"),
            Instant.parse("2030-01-03T00:00:00Z"),
            Instant.parse("2030-01-04T00:00:00Z"),
            Instant.parse("2030-01-07T00:00:00Z"),
            Instant.parse("2030-01-08T00:00:00Z"));
    assertThat(runs).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
    assertThat(runs).allSatisfy(r -> assertThat(r.invokedAt()).isEqualTo(r.scheduledTime()));
    ScheduleInvocation last = runs.get(runs.size() - 1);
    assertThat(last.taskArns()).hasSize(1);
    Task task = describe(last.taskArns().get(0));
    assertThat(task.createdAt()).isEqualTo(Instant.parse("2030-01-08T00:00:00Z"));
    assertThat(task.group()).isEqualTo("family:batch");
    assertThat(f.sim.calls("scheduler", "CreateSchedule").received()).isEqualTo(1);
  }

  @Test
  void newYorkSkipsTheNightTheClocksSpringForward() {
    f.advance(Duration.between(f.clock.instant(), Instant.parse("2030-03-07T05:00:00Z")));
    create("ny-nightly", "cron(30 2 * * ? *)", "America/New_York", null);
    // Checked every few hours, as the sandbox's reconcilers would.
    for (int i = 0; i < 7 * 8; i++) f.advance(Duration.ofHours(3));
    assertThat(slots(f.control.invocations("ny-nightly")))
        .containsExactly(
            Instant.parse("2030-03-07T07:30:00Z"),
            Instant.parse("2030-03-08T07:30:00Z"),
            Instant.parse("2030-03-09T07:30:00Z"),
            Instant.parse("2030-03-11T06:30:00Z"),
            Instant.parse("2030-03-12T06:30:00Z"),
            Instant.parse("2030-03-13T06:30:00Z"));
  }

  @Test
  void anInjectedDuplicateRunsTheSameSlotTwice() {
    f.advance(Duration.ofMinutes(1));
    create("hourly", "cron(0 * * * ? *)", "UTC", null);
    f.control.duplicateNextInvocation("hourly");
    f.advance(Duration.ofMinutes(150));
    List<ScheduleInvocation> runs = f.control.invocations("hourly");
    assertThat(slots(runs))
        .containsExactly(
            Instant.parse("2030-01-01T01:00:00Z"),
            Instant.parse("2030-01-01T01:00:00Z"),
            Instant.parse("2030-01-01T02:00:00Z"));
    assertThat(runs).extracting(ScheduleInvocation::duplicate).containsExactly(false, true, false);
    assertThat(runs.get(1).invokedAt())
        .isAfter(runs.get(0).invokedAt())
        .isBefore(runs.get(0).invokedAt().plusSeconds(31));
    assertThat(runs.get(1).taskArns()).doesNotContainAnyElementsOf(runs.get(0).taskArns());

    f.control.duplicateInvocations(1.0);
    f.advance(Duration.ofHours(2));
    assertThat(slots(f.control.invocations("hourly")).subList(3, 7))
        .containsExactly(
            Instant.parse("2030-01-01T03:00:00Z"),
            Instant.parse("2030-01-01T03:00:00Z"),
            Instant.parse("2030-01-01T04:00:00Z"),
            Instant.parse("2030-01-01T04:00:00Z"));
  }

  @Test
  void aRunThatExitsOneIsAFailedTaskNotAFailedInvocation() {
    create("flaky", "rate(1 day)", "Europe/Berlin", SchedulerFixture.command("sleep 45; exit 1"));
    // A rate schedule without StartDate invokes right away.
    f.advance(Duration.ofMinutes(2));
    List<ScheduleInvocation> runs = f.control.invocations("flaky");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).succeeded()).isTrue();
    Task task = describe(runs.get(0).taskArns().get(0));
    assertThat(task.lastStatus()).isEqualTo("STOPPED");
    assertThat(task.stopCodeAsString()).isEqualTo("EssentialContainerExited");
    assertThat(task.containers().get(0).exitCode()).isEqualTo(1);
    assertThat(Duration.between(task.startedAt(), task.stoppedAt()))
        .isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
    assertThat(task.overrides().containerOverrides().get(0).command())
        .containsExactly("sh", "-c", "sleep 45; exit 1");
    f.advance(Duration.ofDays(1));
    assertThat(f.control.invocations("flaky")).hasSize(2);
  }

  @Test
  void aRunTaskErrorIsRecordedAndGoesToTheDeadLetterQueue() {
    f.scheduler.createSchedule(
        SchedulerFixture.schedule(
                "orphan",
                "rate(5 minutes)",
                null,
                SchedulerFixture.ecsTarget(
                        "arn:aws:ecs:eu-west-1:111122223333:task-definition/missing:1", null)
                    .toBuilder()
                    .deadLetterConfig(d -> d.arn(SchedulerFixture.DLQ))
                    .build())
            .build());
    f.advance(Duration.ofMinutes(1));
    ScheduleInvocation run = f.control.invocations("orphan").get(0);
    assertThat(run.succeeded()).isFalse();
    assertThat(run.taskArns()).isEmpty();
    assertThat(run.errorCode()).isNotBlank();
    assertThat(run.deadLetterArn()).isEqualTo(SchedulerFixture.DLQ);
  }

  @Test
  void aDisabledScheduleSkipsItsSlotsAndDoesNotCatchUpWhenEnabled() {
    create("paused", "cron(0/10 * * * ? *)", null, null);
    f.advance(Duration.ofMinutes(25));
    assertThat(f.control.invocations("paused")).hasSize(3);
    update("paused", "DISABLED");
    f.advance(Duration.ofHours(1));
    update("paused", "ENABLED");
    f.advance(Duration.ofMinutes(10));
    assertThat(slots(f.control.invocations("paused")))
        .containsExactly(
            Instant.parse("2030-01-01T00:00:00Z"),
            Instant.parse("2030-01-01T00:10:00Z"),
            Instant.parse("2030-01-01T00:20:00Z"),
            Instant.parse("2030-01-01T01:30:00Z"));
  }

  private void update(String name, String state) {
    f.scheduler.updateSchedule(
        r ->
            r.name(name)
                .scheduleExpression("cron(0/10 * * * ? *)")
                .state(state)
                .flexibleTimeWindow(w -> w.mode("OFF"))
                .target(SchedulerFixture.ecsTarget(td, null)));
  }

  @Test
  void aFlexibleWindowDelaysWithinItsMinutes() {
    f.scheduler.createSchedule(
        SchedulerFixture.schedule(
                "flex", "cron(0 * * * ? *)", null, SchedulerFixture.ecsTarget(td, null))
            .flexibleTimeWindow(w -> w.mode("FLEXIBLE").maximumWindowInMinutes(15))
            .build());
    f.advance(Duration.ofHours(5));
    List<ScheduleInvocation> runs = f.control.invocations("flex");
    assertThat(runs).hasSizeGreaterThanOrEqualTo(4);
    assertThat(runs)
        .allSatisfy(
            r ->
                assertThat(r.invokedAt())
                    .isBetween(r.scheduledTime(), r.scheduledTime().plusSeconds(15 * 60 - 1)));
    assertThat(runs).anySatisfy(r -> assertThat(r.invokedAt()).isNotEqualTo(r.scheduledTime()));
  }

  @Test
  void aOneTimeScheduleFiresOnceAndDeletesItselfWhenAsked() {
    f.scheduler.createSchedule(
        SchedulerFixture.schedule(
                "once",
                "at(2030-01-01T09:00:00)",
                "Asia/Tokyo",
                SchedulerFixture.ecsTarget(td, null))
            .actionAfterCompletion("DELETE")
            .build());
    f.advance(Duration.ofMinutes(1));
    assertThat(f.control.invocations("once")).hasSize(1);
    assertThat(f.scheduler.listSchedules(r -> {}).schedules()).isEmpty();
    f.advance(Duration.ofDays(2));
    assertThat(f.control.invocations("once")).hasSize(1);
  }
}
