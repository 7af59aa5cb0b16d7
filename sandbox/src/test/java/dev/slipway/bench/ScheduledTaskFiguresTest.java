package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import dev.slipway.bench.BatchMix.Cadence;
import dev.slipway.bench.BatchMix.Plan;
import dev.slipway.bench.RunWatch.Seen;
import dev.slipway.bench.ScheduledTaskFigures.BucketLoad;
import dev.slipway.bench.ScheduledTaskFigures.Slots;
import dev.slipway.bench.SimCallLog.Call;
import dev.slipway.bench.SimCallLog.Started;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduled-tasks benchmark's arithmetic, on hand-made recordings. */
class ScheduledTaskFiguresTest {
  private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
  private static final Plan EB =
      new Plan(
          "eb", Engine.EventBridgeScheduler, Cadence.MINUTE, "rate(1 minute)", "UTC", "app", 20, 0);
  private static final Plan EB2 =
      new Plan(
          "eb2",
          Engine.EventBridgeScheduler,
          Cadence.MINUTE,
          "rate(1 minute)",
          "UTC",
          "app",
          20,
          0);
  private static final Plan OP =
      new Plan("op", Engine.Operator, Cadence.FIVE_MINUTES, "rate(5 minutes)", "UTC", "app", 60, 0);
  private static final List<Plan> PLANS = List.of(EB, EB2, OP);

  private static long at(double seconds) {
    return CompressedOperator.epochNanos(T0) + (long) (seconds * 1e9);
  }

  private static String key(String batch) {
    return ScheduledTaskFigures.key("bench", batch);
  }

  @Test
  void callsArePerBatchOfTheGroupAndPerHour() {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) calls.add(new Call(at(i), "ecs", "ListTasks", key("eb")));
    calls.add(new Call(at(1), "ecs", "RunTask", key("op")));
    calls.add(new Call(at(2), "ecs", "DescribeServices", "ServiceRelease/bench/app"));
    calls.add(new Call(at(3), "sts", "GetCallerIdentity", null));

    Map<String, Map<String, Double>> perBatch =
        ScheduledTaskFigures.callsPerBatchHour(calls, PLANS, "bench", 2.0);

    // 8 ListTasks by one of the group's two batches over 2 hours: 2 per batch per hour.
    assertThat(perBatch.get(EB.group())).containsExactlyEntriesOf(Map.of("ListTasks", 2.0));
    assertThat(perBatch.get(OP.group())).containsEntry("RunTask", 0.5);
    assertThat(perBatch.get(ScheduledTaskFigures.ALL).get("ListTasks"))
        .isCloseTo(8 / 3.0 / 2, within(1e-9));
    assertThat(ScheduledTaskFigures.otherCallsPerHour(calls, PLANS, "bench", 2.0))
        .containsOnlyKeys("DescribeServices", "GetCallerIdentity");
    assertThat(
            ScheduledTaskFigures.passesPerBatchHour(
                Map.of(key("eb"), 10L, key("op"), 4L, "ServiceRelease/bench/app", 99L),
                PLANS,
                "bench",
                2.0))
        .containsEntry(EB.group(), 2.5)
        .containsEntry(OP.group(), 2.0)
        .containsEntry(ScheduledTaskFigures.ALL, 14 / 3.0 / 2);
  }

  @Test
  void bucketsShowTheBusiestSecondAgainstTheRefill() {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) calls.add(new Call(at(10 + i / 100.0), "ecs", "ListTasks", null));
    calls.add(new Call(at(50), "ecs", "DescribeTasks", null));
    calls.add(new Call(at(60), "ecs", "RunTask", null));

    List<BucketLoad> buckets = ScheduledTaskFigures.buckets(calls, at(0), at(100));

    BucketLoad reads = buckets.get(0);
    assertThat(reads.bucket()).isEqualTo("ECS_CLUSTER_READ");
    assertThat(reads.calls()).isEqualTo(31);
    assertThat(reads.peakPerSecond()).isEqualTo(30);
    assertThat(reads.peakRatio()).isEqualTo(1.5);
    assertThat(reads.meanPerSecond()).isCloseTo(0.31, within(1e-9));
    assertThat(reads.lowestLevel()).isCloseTo(50 - 30 + 0.29 * 20, within(0.5));
    assertThat(buckets).extracting(BucketLoad::bucket).contains("ECS_TASK_WRITE");
  }

  @Test
  void operatorSlotsCountTasksFromStatusAndFromRunTaskAlike() {
    Instant from = T0;
    Instant to = T0.plusSeconds(900); // slots at 5, 10 and 15 minutes
    String s5 = T0.plusSeconds(300).toString();
    String s10 = T0.plusSeconds(600).toString();
    String s15 = T0.plusSeconds(900).toString();
    List<Seen> runs =
        List.of(
            seen("op", s5, "task-1", T0.plusSeconds(301)),
            seen("op", s10, "task-2", T0.plusMillis(600_500)),
            // Not a slot: a run-now.
            new Seen(
                "op",
                s10,
                "RunNow",
                "task-9",
                T0.plusSeconds(620),
                T0.plusSeconds(621),
                "Running"));
    List<Seen> skipped = List.of(new Seen("op", s15, "Schedule", null, null, T0, "Skipped"));
    // Slot 10's startedBy started a second task that status never showed.
    List<Started> started =
        List.of(
            new Started(key("op"), "st-a", List.of("task-1")),
            new Started(key("op"), "st-b", List.of("task-2")),
            new Started(key("op"), "st-b", List.of("task-3")));

    Slots slots = ScheduledTaskFigures.operatorSlots(runs, skipped, started, PLANS, from, to);

    assertThat(slots).isEqualTo(new Slots(3, 1, 1, 1, 1));
    assertThat(slots.notOne()).isEqualTo(2);
    assertThat(ScheduledTaskFigures.operatorStart(runs, PLANS, from, to).p99())
        .isCloseTo(1.0, within(1e-9));
  }

  @Test
  void discoveryTimesFromTheTasksStartToStatusShowingIt() {
    List<Seen> runs =
        List.of(
            new Seen(
                "eb",
                T0.toString(),
                "Schedule",
                "a",
                T0.plusSeconds(1),
                T0.plusSeconds(4),
                "Succeeded"),
            new Seen(
                "eb",
                T0.toString(),
                "Schedule",
                "b",
                T0.plusSeconds(1),
                T0.plusSeconds(61),
                "Succeeded"));

    ScheduledTaskFigures.Discovery d =
        ScheduledTaskFigures.discovery(List.of("a", "b", "never-shown"), runs);

    assertThat(d.tasksStarted()).isEqualTo(3);
    assertThat(d.found()).isEqualTo(2);
    assertThat(d.delay().p50()).isEqualTo(3.0);
    assertThat(d.delay().max()).isEqualTo(60.0);
  }

  @Test
  void runsCountedTwiceShowAsMoreCountedThanShown() {
    List<Seen> runs =
        List.of(
            new Seen("eb", "s", "Schedule", "a", T0, T0, "Succeeded"),
            new Seen("eb2", "s", "Schedule", "b", T0, T0, "Failed"),
            new Seen("eb2", "s", "Schedule", "c", T0, T0, "Running"),
            new Seen("op", "s", "Schedule", "d", T0, T0, "Succeeded"));

    List<ScheduledTaskFigures.Counted> counted =
        ScheduledTaskFigures.counted(runs, Map.of("eb", 5L, "eb2", 1L, "op", 1L), PLANS);

    assertThat(counted)
        .containsExactly(
            new ScheduledTaskFigures.Counted("EventBridgeScheduler", 6, 2),
            new ScheduledTaskFigures.Counted("Operator", 1, 1));
  }

  private static Seen seen(String batch, String slot, String task, Instant started) {
    return new Seen(batch, slot, "Schedule", task, started, started.plusSeconds(2), "Succeeded");
  }
}
