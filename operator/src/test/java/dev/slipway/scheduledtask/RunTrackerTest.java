package dev.slipway.scheduledtask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where the kept history begins, below which a stopped run is not discovered again. */
class RunTrackerTest {
  private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");

  @Test
  void theOldestKeptRunIsTheOneTrimKeepsLast() {
    ScheduledTaskStatus status = new ScheduledTaskStatus();
    for (int i = 1; i <= 4; i++) status.runs.add(run(i, RunTracker.SUCCEEDED));
    status.runs.add(run(9, RunTracker.RUNNING));
    status.runs.add(skipped());

    assertThat(RunTracker.oldestKept(status, 6)).isNull();
    assertThat(RunTracker.oldestKept(status, 5).result).isEqualTo(RunTracker.SKIPPED);
    assertThat(RunTracker.oldestKept(status, 2).taskArn).isEqualTo("task-3");

    RunTracker.trim(status, 2);
    // What trim kept: the running run and the two newest finished ones, the oldest being task-3.
    assertThat(status.runs)
        .extracting(r -> r.taskArn)
        .containsExactly("task-9", "task-4", "task-3");
  }

  private static RunRecord run(int minute, String result) {
    RunRecord r = new RunRecord();
    r.taskArn = "task-" + minute;
    r.startedAt = T0.plusSeconds(60L * minute).toString();
    r.slot = r.startedAt;
    r.result = result;
    return r;
  }

  private static RunRecord skipped() {
    RunRecord r = new RunRecord();
    r.slot = T0.toString();
    r.result = RunTracker.SKIPPED;
    return r;
  }
}
