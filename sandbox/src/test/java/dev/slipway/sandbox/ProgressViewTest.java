package dev.slipway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The progress view's lines for scheduled tasks in CI's line mode: the task's line when it changes,
 * each finished run once; releases' lines as before.
 */
class ProgressViewTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final ProgressView view = new ProgressView(new PrintStream(bytes, true), false);

  @Test
  void aTaskShowsItsPhaseScheduleNextRunLastResultAndCountsAndEachFinishedRunOnce() {
    ScheduledTask st = task("sync-feeds", "rate(5 minutes)");
    st.getStatus().phase = ScheduledTaskStatus.Phase.Scheduled;
    st.getStatus().nextRunTime = "2026-12-05T13:05:00Z";
    st.getStatus().runs.add(run("2026-12-05T13:00:00Z", "Running", null, null));
    ServiceRelease hello = release("hello");

    assertThat(show(List.of(hello), st))
        .isEqualTo(
            """
            default/hello                      Ready        2/2     \s
            default/sync-feeds                 Scheduled    rate(5 minutes)      next 2026-12-05T13:05:00Z, last -, 0 succeeded, 0 failed, 0 skipped
            """);
    assertThat(show(List.of(hello), st)).as("nothing changed").isEmpty();

    RunRecord done = st.getStatus().runs.get(0);
    done.result = "Succeeded";
    done.exitCodes.put("app", 0);
    done.durationSeconds = 420L;
    RunRecord skipped = run("2026-12-05T13:05:00Z", "Skipped", null, null);
    RunRecord now = run("2026-12-05T13:06:00Z", "Failed", 1, 65L);
    now.trigger = "RunNow";
    now.stopReason = "Essential container in task exited";
    st.getStatus().runs.addAll(List.of(skipped, now));
    st.getStatus().lastResult = "Failed";
    st.getStatus().succeeded = 1;
    st.getStatus().failed = 1;
    st.getStatus().skipped = 1;
    st.getStatus().nextRunTime = "2026-12-05T13:10:00Z";

    assertThat(show(List.of(hello), st))
        .isEqualTo(
            """
            default/sync-feeds                 Scheduled    rate(5 minutes)      next 2026-12-05T13:10:00Z, last Failed, 1 succeeded, 1 failed, 1 skipped
            default/sync-feeds run             Succeeded    2026-12-05T13:00:00Z exit app=0, 7m00s
            default/sync-feeds run             Failed       2026-12-05T13:06:00Z exit app=1, 1m05s, run now: Essential container in task exited
            """);
    assertThat(show(List.of(hello), st)).as("each finished run once").isEmpty();
  }

  @Test
  void onATerminalEachTaskKeepsItsLatestThreeFinishedRunsUnderIt() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    ProgressView table = new ProgressView(new PrintStream(terminal, true), true);
    ScheduledTask st = task("sync-feeds", "rate(5 minutes)");
    st.getStatus().phase = ScheduledTaskStatus.Phase.Scheduled;
    for (int minute = 0; minute < 50; minute += 10) {
      st.getStatus()
          .runs
          .add(run("2026-12-05T13:%02d:00Z".formatted(minute), "Succeeded", 0, 420L));
    }

    table.show(List.of(release("hello")), List.of(), List.of(st));
    table.show(List.of(release("hello")), List.of(), List.of(st));

    String[] frames = terminal.toString(StandardCharsets.UTF_8).split("\033\\[\\d+F\033\\[J");
    assertThat(frames).hasSize(2);
    assertThat(frames[1].lines().toList())
        .hasSize(7)
        .startsWith(
            "RESOURCE                           PHASE        RUNNING  MESSAGE",
            "default/hello                      Ready        2/2      ",
            "SCHEDULED TASK                     PHASE        SCHEDULE             NEXT RUN, LAST"
                + " RESULT, COUNTS / MESSAGE",
            ScheduledTaskLines.line(st));
    assertThat(frames[1]).doesNotContain("13:10:00Z").contains("13:20:00Z").contains("13:40:00Z");
  }

  @Test
  void aTaskNotYetScheduledShowsWhatItWaitsFor() {
    ScheduledTask st = task("nightly-report", "cron(0 3 * * ? *)");
    st.getStatus().phase = ScheduledTaskStatus.Phase.Pending;
    st.getStatus().message = "waiting for ServiceRelease hello to have a task definition";
    ScheduledTask fresh = task("fresh", "rate(1 hour)");
    fresh.setStatus(null);

    assertThat(ScheduledTaskLines.line(st))
        .isEqualTo(
            "default/nightly-report             Pending      cron(0 3 * * ? *)    waiting for"
                + " ServiceRelease hello to have a task definition");
    assertThat(ScheduledTaskLines.line(fresh)).startsWith("default/fresh").contains(" Pending ");
    assertThat(ScheduledTaskLines.finishedRuns(fresh)).isEmpty();
  }

  @Test
  void settledIsAPhaseForTheCurrentSpecNeverARun() {
    ScheduledTask st = task("sync-feeds", "rate(5 minutes)");
    st.getMetadata().setGeneration(2L);
    st.getStatus().observedGeneration = 2L;
    for (ScheduledTaskStatus.Phase phase : ScheduledTaskStatus.Phase.values()) {
      st.getStatus().phase = phase;
      boolean expected =
          List.of("Scheduled", "Suspended", "Sleeping", "Invalid", "Failed").contains(phase.name());
      assertThat(Sandbox.isSettled(st)).as(phase.name()).isEqualTo(expected);
    }
    st.getStatus().phase = ScheduledTaskStatus.Phase.Scheduled;
    st.getStatus().runs.add(run("2026-12-05T13:00:00Z", "Running", null, null));
    assertThat(Sandbox.isSettled(st)).as("a run going").isTrue();
    st.getStatus().observedGeneration = 1L;
    assertThat(Sandbox.isSettled(st)).as("an older spec's status").isFalse();
  }

  private String show(List<ServiceRelease> releases, ScheduledTask... tasks) {
    bytes.reset();
    view.show(releases, List.of(), List.of(tasks));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ScheduledTask task(String name, String schedule) {
    ScheduledTask st = new ScheduledTask();
    st.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    st.setSpec(new ScheduledTaskSpec());
    st.getSpec().schedule = schedule;
    st.setStatus(new ScheduledTaskStatus());
    return st;
  }

  private static ServiceRelease release(String name) {
    ServiceRelease sr = new ServiceRelease();
    sr.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    sr.setStatus(new ServiceReleaseStatus());
    sr.getStatus().phase = ServiceReleaseStatus.Phase.Ready;
    sr.getStatus().replicas = "2/2";
    return sr;
  }

  private static RunRecord run(String slot, String result, Integer exit, Long seconds) {
    RunRecord r = new RunRecord();
    r.slot = slot;
    r.trigger = "Schedule";
    r.result = result;
    r.taskArn = "Skipped".equals(result) ? null : "arn:aws:ecs:task/" + slot;
    if (exit != null) r.exitCodes.put("app", exit);
    r.durationSeconds = seconds;
    return r;
  }
}
