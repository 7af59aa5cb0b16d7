package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.ConcurrencyPolicy;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import dev.slipway.aws.EcsPort;
import dev.slipway.schedule.ScheduleExpression;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Engine Operator: Slipway starts the runs, with CronJob's semantics and exactly one task per slot.
 * Each slot is decided once (started, skipped or missed) and recorded as the last decided slot; a
 * run's startedBy and clientToken derive from the slot, so a pass that started a task and crashed
 * before writing status finds that task again instead of starting another.
 */
final class OperatorEngine {
  /** Unset startingDeadlineSeconds: a slot more than five minutes late is missed. */
  static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

  private final EcsPort ecs;
  private final RunTracker runs;
  private final EventRecorder events;

  OperatorEngine(EcsPort ecs, RunTracker runs, EventRecorder events) {
    this.ecs = ecs;
    this.runs = runs;
    this.events = events;
  }

  /**
   * Decides every slot due since the last decided one: the latest is started (or skipped, or missed
   * when past the deadline); earlier ones were missed.
   */
  void decide(
      ScheduledTask st,
      ScheduledTaskStatus status,
      BatchTask task,
      ScheduleExpression schedule,
      ZoneId zone,
      Instant now,
      RefreshHold.State refresh) {
    if (firstSeen(status, now)) return;
    Instant after = lastDecided(status);
    List<Instant> due = schedule.slotsBetween(after, now, zone);
    if (due.isEmpty()) return;
    Instant latest = due.get(due.size() - 1);
    if (policy(st) != ConcurrencyPolicy.Allow) {
      // A run whose start was never written to status (a crash right after RunTask) still counts
      // for Forbid and Replace: look for the batch's tasks once per due slot.
      runs.discover(
          st, status, task, schedule, zone, now, ScheduledTaskReconciler.historyLimit(st));
      // A found task is as the shared family listing first described it: running then, it may
      // have stopped since, and a stale "running" would make Forbid skip this slot.
      runs.follow(st, status, task, now);
    }
    int earlier = due.size() - 1;
    status.skipped += earlier;
    if (earlier > 0) {
      events.warning(
          st,
          "SlotsMissed",
          earlier
              + " earlier slot(s) since "
              + after
              + " passed while no pass ran (operator down); only the latest is considered");
    }
    String slot = latest.toString();
    // A slot that fell due during a datastore refresh waited on purpose: late from its end.
    Duration late = Duration.between(refresh.dueFrom(latest), now);
    if (late.compareTo(deadline(st)) > 0) {
      runs.notStarted(
          st,
          status,
          slot,
          "Schedule",
          RunTracker.MISSED,
          "missed: " + late.toSeconds() + " s late, beyond startingDeadlineSeconds");
    } else {
      start(st, status, task, latest, "Schedule", BatchNames.startedBy(st, latest), now);
    }
    status.lastDecidedSlot = slot;
  }

  /**
   * Passes over the slots due while suspended or asleep: counted as skipped, not recorded one by
   * one (an every-minute batch would push every real run out of the history), never caught up.
   */
  static void letPass(
      ScheduledTask st,
      ScheduledTaskStatus status,
      ScheduleExpression schedule,
      ZoneId zone,
      Instant now) {
    if (firstSeen(status, now)) return;
    List<Instant> due = schedule.slotsBetween(lastDecided(status), now, zone);
    if (due.isEmpty()) return;
    status.skipped += due.size();
    status.lastDecidedSlot = due.get(due.size() - 1).toString();
  }

  /**
   * Starts the run for one slot (or a run-now) under the concurrency policy; {@code startedBy}
   * identifies it, so that it is started once whatever passes and restarts come.
   */
  void start(
      ScheduledTask st,
      ScheduledTaskStatus status,
      BatchTask task,
      Instant slot,
      String trigger,
      String startedBy,
      Instant now) {
    Optional<String> already =
        ecs.listTasks(task.target(), task.cluster(), startedBy).stream().findFirst();
    if (already.isPresent()) {
      // Started by an earlier pass whose status write was lost: record it, start nothing.
      if (status.runs.stream().noneMatch(r -> already.get().equals(r.taskArn))) {
        List<Task> found = ecs.describeTasks(task.target(), task.cluster(), List.of(already.get()));
        if (!found.isEmpty())
          status.runs.add(RunTracker.started(slot.toString(), trigger, found.get(0), now));
      }
      return;
    }
    List<RunRecord> running =
        status.runs.stream().filter(r -> RunTracker.RUNNING.equals(r.result)).toList();
    ConcurrencyPolicy policy = policy(st);
    if (!running.isEmpty() && policy == ConcurrencyPolicy.Forbid) {
      runs.notStarted(
          st,
          status,
          slot.toString(),
          trigger,
          RunTracker.SKIPPED,
          "skipped: the run of "
              + running.get(0).slot
              + " is still going (concurrencyPolicy Forbid)");
      return;
    }
    if (policy == ConcurrencyPolicy.Replace) {
      for (RunRecord r : running) runs.replace(st, status, task, r, now);
    }
    RunTaskResponse response =
        ecs.runTask(task.target(), BatchRequests.runTask(st, task, startedBy));
    if (response.tasks().isEmpty()) {
      Failure f = response.failures().isEmpty() ? null : response.failures().get(0);
      runs.notStarted(
          st,
          status,
          slot.toString(),
          trigger,
          RunTracker.NOT_STARTED,
          f == null
              ? "RunTask returned no task"
              : f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")"));
      return;
    }
    Task t = response.tasks().get(0);
    RunRecord run = RunTracker.started(slot.toString(), trigger, t, now);
    status.runs.add(run);
    status.lastRunTime = run.slot;
    events.normal(
        st,
        "RunStarted",
        "Started the run for " + slot + " as task " + RunTracker.taskId(t.taskArn()));
  }

  /**
   * The EventBridge schedule was disabled during the environment's refresh, so the slot that fell
   * due then did not run: Slipway starts it once (its startedBy derives from the slot) when the
   * refresh ends, within the starting deadline counted from that end.
   */
  void catchUpAfterRefresh(
      ScheduledTask st,
      ScheduledTaskStatus status,
      BatchTask task,
      ScheduleExpression schedule,
      ZoneId zone,
      Instant now,
      RefreshHold.State refresh) {
    if (refresh.lastStart() == null || refresh.lastEnd() == null) return;
    if (Duration.between(refresh.lastEnd(), now).compareTo(DEFAULT_DEADLINE) > 0) return;
    List<Instant> held = schedule.slotsBetween(refresh.lastStart(), refresh.lastEnd(), zone);
    if (held.isEmpty()) return;
    Instant slot = held.get(held.size() - 1);
    boolean decided =
        status.lastDecidedSlot != null && !Instant.parse(status.lastDecidedSlot).isBefore(slot);
    if (decided) return;
    start(st, status, task, slot, "Schedule", BatchNames.startedBy(st, slot), now);
    status.lastDecidedSlot = slot.toString();
  }

  /** The slot decisions start after: the last decided one (set when first seen). */
  static Instant lastDecided(ScheduledTaskStatus status) {
    return Instant.parse(status.lastDecidedSlot);
  }

  /**
   * Slots count from when Slipway first sees the batch under this engine, by its own clock: the
   * creation timestamp is the API server's clock, and a batch should not start a run for a slot
   * that passed before it existed here. Returns whether this pass only noted that.
   */
  static boolean firstSeen(ScheduledTaskStatus status, Instant now) {
    if (status.lastDecidedSlot != null) return false;
    status.lastDecidedSlot = now.toString();
    return true;
  }

  /**
   * The policy runs Slipway starts follow: the spec's under engine Operator (Forbid by default); a
   * run-now under engine EventBridgeScheduler starts like the scheduler's own runs, whatever runs.
   */
  static ConcurrencyPolicy policy(ScheduledTask st) {
    if (st.getSpec().engine != ScheduledTaskSpec.Engine.Operator) return ConcurrencyPolicy.Allow;
    ConcurrencyPolicy p = st.getSpec().concurrencyPolicy;
    return p == null ? ConcurrencyPolicy.Forbid : p;
  }

  static Duration deadline(ScheduledTask st) {
    Integer s = st.getSpec().startingDeadlineSeconds;
    return s == null ? DEFAULT_DEADLINE : Duration.ofSeconds(s);
  }
}
