package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.Phase;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import dev.slipway.scheduledtask.RunText;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The progress view's lines for a ScheduledTask: one for the batch (phase, schedule, next run, last
 * result, counts) and one per finished run (slot, result, exit codes, duration).
 */
final class ScheduledTaskLines {
  /** A run's line puts its result under the task's phase and its slot under the schedule. */
  static final String ROW = "%-34s %-12s %-20s %s";

  /** Phases in which the batch runs, or would but for a person's or an environment's choice. */
  private static final Set<Phase> STEADY = Set.of(Phase.Scheduled, Phase.Suspended, Phase.Sleeping);

  private ScheduledTaskLines() {}

  /**
   * {@code default/sync-feeds Scheduled rate(5 minutes) next …, last Succeeded, 3 succeeded, 0
   * failed, 2 skipped}; in other phases the operator's message says what is wrong or awaited.
   */
  static String line(ScheduledTask st) {
    ScheduledTaskStatus s = st.getStatus();
    String phase = s == null || s.phase == null ? "Pending" : s.phase.name();
    String schedule = st.getSpec() == null ? "" : st.getSpec().schedule;
    String detail =
        s != null && STEADY.contains(s.phase)
            ? "next "
                + (s.nextRunTime == null ? "-" : s.nextRunTime)
                + ", last "
                + (s.lastResult == null ? "-" : s.lastResult)
                + ", "
                + s.succeeded
                + " succeeded, "
                + s.failed
                + " failed, "
                + s.skipped
                + " skipped"
            : ProgressView.shorten(s == null ? null : s.message);
    return String.format(ROW, ProgressView.key(st), phase, schedule, detail);
  }

  /**
   * Its finished runs, oldest first: {@code default/sync-feeds run Succeeded SLOT exit app=0,
   * 7m00s}. Slots skipped or missed started nothing; the counts show them.
   */
  static List<Run> finishedRuns(ScheduledTask st) {
    if (st.getStatus() == null) return List.of();
    return st.getStatus().runs.stream()
        .filter(r -> RunText.finished(r.result))
        .sorted(Comparator.comparing((RunRecord r) -> r.slot == null ? "" : r.slot))
        .map(r -> new Run(id(st, r), line(st, r)))
        .toList();
  }

  private static String line(ScheduledTask st, RunRecord r) {
    String detail =
        "exit "
            + RunText.exitCodes(r.exitCodes)
            + ", "
            + RunText.duration(r.durationSeconds)
            + ("RunNow".equals(r.trigger) ? ", run now" : "")
            + (RunText.succeeded(r.result) || r.stopReason == null
                ? ""
                : ": " + ProgressView.shorten(r.stopReason));
    return String.format(
        ROW, ProgressView.key(st) + " run", r.result, r.slot == null ? "-" : r.slot, detail);
  }

  /** A run is the same run across listings by its task (or, when none started, its slot). */
  private static String id(ScheduledTask st, RunRecord r) {
    return ProgressView.key(st) + " " + r.slot + " " + r.trigger + " " + r.taskArn;
  }

  /** A finished run's line, and what tells it from the others so it is printed once. */
  record Run(String id, String line) {}
}
