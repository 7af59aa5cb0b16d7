package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import dev.slipway.aws.EcsPort;
import dev.slipway.schedule.ScheduleExpression;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * Follows a batch's runs in ECS and writes them to status: finds runs others started (by the task
 * group every run carries), concludes stopped ones from their essential containers' exit codes,
 * stops runs past the timeout, and keeps the history to its limit.
 */
final class RunTracker {
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";
  static final String TIMED_OUT = "TimedOut";
  static final String REPLACED = "Replaced";
  static final String SKIPPED = "Skipped";
  static final String MISSED = "Missed";
  static final String NOT_STARTED = "NotStarted";

  private final EcsPort ecs;
  private final EventRecorder events;
  private final BatchMetrics metrics;

  /** The family's tasks, listed and described once for all its batches. */
  private final FamilyTasks family;

  /** How old a family listing may be and still serve a batch's pass. */
  private final Duration fresh;

  RunTracker(EcsPort ecs, EventRecorder events, BatchMetrics metrics, Duration fresh) {
    this.ecs = ecs;
    this.family = new FamilyTasks(ecs);
    this.fresh = fresh;
    this.events = events;
    this.metrics = metrics;
  }

  /** Brings the running runs up to date: stopped ones concluded, overdue ones stopped. */
  void follow(ScheduledTask st, ScheduledTaskStatus status, BatchTask task, Instant now) {
    List<RunRecord> running =
        status.runs.stream().filter(r -> RUNNING.equals(r.result) && r.taskArn != null).toList();
    for (Task t : describe(task, running.stream().map(r -> r.taskArn).toList())) {
      RunRecord run = find(status, t.taskArn());
      if (run == null) continue;
      if ("STOPPED".equals(t.lastStatus())) {
        conclude(st, status, task, run, t);
      } else if (overdue(st, run, now)) {
        timeOut(st, status, task, run, now);
      }
    }
  }

  /**
   * Adds the runs someone else started (EventBridge Scheduler) that status does not know yet: the
   * family's tasks in the batch's task group, created after the resource. A task older than the
   * history status keeps is not added again: it was counted before it was trimmed away (ECS lists
   * stopped tasks for an hour, longer than an every-minute batch's history lasts), and adding it
   * again counted it again on every pass.
   */
  void discover(
      ScheduledTask st,
      ScheduledTaskStatus status,
      BatchTask task,
      ScheduleExpression schedule,
      ZoneId zone,
      Instant now,
      int historyLimit) {
    Set<String> known = new HashSet<>();
    status.runs.forEach(r -> known.add(r.taskArn));
    Instant created = Instant.parse(st.getMetadata().getCreationTimestamp());
    RunRecord oldestKept = oldestKept(status, historyLimit);
    String group = BatchNames.group(st);
    // A listing serves when it is younger than fresh, and not older than the batch's latest slot:
    // made before the scheduler started the slot's run, it cannot show that run.
    List<Instant> recent = schedule.slotsBetween(now.minus(fresh), now, zone);
    Instant notBefore = recent.isEmpty() ? now.minus(fresh) : recent.get(recent.size() - 1);
    for (Task t : family.tasks(task, notBefore, now)) {
      if (known.contains(t.taskArn()) || !group.equals(t.group())) continue;
      if (t.createdAt() == null || t.createdAt().isBefore(created)) continue;
      RunRecord run = new RunRecord();
      run.trigger = "Schedule";
      run.slot = time(slotOf(schedule, zone, t.createdAt()));
      run.taskArn = t.taskArn();
      run.startedAt = time(t.createdAt());
      run.result = RUNNING;
      // Older than the kept history: a run counted before trim dropped it. The description may be
      // older than the task's stop, so its status does not decide; a run still going is in status.
      if (oldestKept != null && NEWEST_FIRST.compare(run, oldestKept) > 0) continue;
      status.runs.add(run);
      if ("STOPPED".equals(t.lastStatus())) conclude(st, status, task, run, t);
    }
  }

  /** The order of the history: newest slot first. */
  static final Comparator<RunRecord> NEWEST_FIRST =
      Comparator.comparing((RunRecord r) -> r.slot == null ? "" : r.slot)
          .thenComparing(r -> r.startedAt == null ? "" : r.startedAt)
          .reversed();

  /**
   * Once the history is full, the oldest finished run {@link #trim} keeps: anything older is
   * dropped; null while fewer than {@code limit} have finished.
   */
  static RunRecord oldestKept(ScheduledTaskStatus status, int limit) {
    List<RunRecord> finished =
        status.runs.stream().filter(r -> !RUNNING.equals(r.result)).sorted(NEWEST_FIRST).toList();
    return limit < 1 || finished.size() < limit ? null : finished.get(limit - 1);
  }

  /** Records a run that started a task (engine Operator, run-now). */
  static RunRecord started(String slot, String trigger, Task t, Instant now) {
    RunRecord run = new RunRecord();
    run.slot = slot;
    run.trigger = trigger;
    run.taskArn = t.taskArn();
    run.startedAt = time(t.createdAt() == null ? now : t.createdAt());
    run.result = RUNNING;
    return run;
  }

  /** Records a slot that started nothing; counted as skipped, or as failed when RunTask refused. */
  void notStarted(
      ScheduledTask st,
      ScheduledTaskStatus status,
      String slot,
      String trigger,
      String result,
      String why) {
    RunRecord run = new RunRecord();
    run.slot = slot;
    run.trigger = trigger;
    run.result = result;
    run.stopReason = why;
    status.runs.add(run);
    if (NOT_STARTED.equals(result)) {
      status.failed++;
      metrics.run(st, "not_started");
      events.warning(st, "RunNotStarted", "The run for " + slot + " did not start: " + why);
    } else {
      status.skipped++;
    }
  }

  /** Stops a running run on purpose (concurrencyPolicy Replace). */
  void replace(
      ScheduledTask st, ScheduledTaskStatus status, BatchTask task, RunRecord run, Instant now) {
    ecs.stopTask(task.target(), task.cluster(), run.taskArn, "slipway: replaced by the next slot");
    finish(run, REPLACED, now, "replaced by the run of the next slot");
    status.failed++;
    metrics.run(st, "replaced");
  }

  /** Newest first; all running runs and at most {@code limit} finished ones kept. */
  static void trim(ScheduledTaskStatus status, int limit) {
    status.runs.sort(NEWEST_FIRST);
    List<RunRecord> kept = new ArrayList<>();
    int finished = 0;
    for (RunRecord r : status.runs) {
      if (RUNNING.equals(r.result)) {
        kept.add(r);
      } else if (finished < limit) {
        kept.add(r);
        finished++;
      }
    }
    status.runs = kept;
  }

  private void conclude(
      ScheduledTask st, ScheduledTaskStatus status, BatchTask task, RunRecord run, Task t) {
    run.stoppedAt = time(t.stoppedAt() == null ? t.createdAt() : t.stoppedAt());
    run.stopReason = t.stoppedReason();
    run.exitCodes.clear();
    boolean ok = t.stopCode() != TaskStopCode.TASK_FAILED_TO_START;
    Set<String> essential = essentialNames(task, t);
    for (Container c : t.containers()) {
      if (!essential.contains(c.name())) continue;
      if (c.exitCode() != null) run.exitCodes.put(c.name(), c.exitCode());
      if (!Objects.equals(c.exitCode(), 0)) ok = false;
    }
    run.durationSeconds =
        t.createdAt() == null || t.stoppedAt() == null
            ? null
            : Duration.between(t.createdAt(), t.stoppedAt()).toSeconds();
    run.result = ok ? SUCCEEDED : FAILED;
    status.lastResult = run.result;
    if (ok) {
      status.succeeded++;
      status.lastSuccessTime = run.stoppedAt;
      metrics.run(st, "succeeded");
    } else {
      status.failed++;
      metrics.run(st, "failed");
      events.warning(st, "RunFailed", failure(run, t));
    }
  }

  /** The containers whose exit decides the result; every container if none is marked. */
  private static Set<String> essentialNames(BatchTask task, Task t) {
    Set<String> names = new HashSet<>(task.essentialContainers());
    if (names.isEmpty()) t.containers().forEach(c -> names.add(c.name()));
    return names;
  }

  private static String failure(RunRecord run, Task t) {
    String codes =
        run.exitCodes.isEmpty()
            ? "no exit code"
            : run.exitCodes.entrySet().stream()
                .map(e -> e.getKey() + " exited " + e.getValue())
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    return "The run for "
        + run.slot
        + " failed (task "
        + taskId(t.taskArn())
        + "): "
        + codes
        + (t.stoppedReason() == null ? "" : "; " + t.stoppedReason());
  }

  private static boolean overdue(ScheduledTask st, RunRecord run, Instant now) {
    Integer timeout = st.getSpec().timeoutSeconds;
    return timeout != null
        && run.startedAt != null
        && Duration.between(Instant.parse(run.startedAt), now).toSeconds() > timeout;
  }

  private void timeOut(
      ScheduledTask st, ScheduledTaskStatus status, BatchTask task, RunRecord run, Instant now) {
    ecs.stopTask(
        task.target(),
        task.cluster(),
        run.taskArn,
        "slipway: timed out after " + st.getSpec().timeoutSeconds + " s");
    finish(run, TIMED_OUT, now, "stopped after timeoutSeconds " + st.getSpec().timeoutSeconds);
    status.lastResult = TIMED_OUT;
    status.failed++;
    metrics.run(st, "timed_out");
    events.warning(
        st,
        "RunTimedOut",
        "The run for "
            + run.slot
            + " was stopped after "
            + st.getSpec().timeoutSeconds
            + " s (task "
            + taskId(run.taskArn)
            + ")");
  }

  private static void finish(RunRecord run, String result, Instant now, String why) {
    run.result = result;
    run.stoppedAt = time(now);
    run.stopReason = why;
    run.durationSeconds =
        run.startedAt == null
            ? null
            : Duration.between(Instant.parse(run.startedAt), now).toSeconds();
  }

  /**
   * The latest slot at or before {@code created}: a scheduler run starts shortly after its slot.
   */
  static Instant slotOf(ScheduleExpression schedule, ZoneId zone, Instant created) {
    List<Instant> slots = schedule.slotsBetween(created.minus(Duration.ofDays(1)), created, zone);
    return slots.isEmpty() ? created : slots.get(slots.size() - 1);
  }

  private List<Task> describe(BatchTask task, List<String> arns) {
    List<Task> out = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += FamilyTasks.DESCRIBE_BATCH) {
      out.addAll(
          ecs.describeTasks(
              task.target(),
              task.cluster(),
              arns.subList(i, Math.min(arns.size(), i + FamilyTasks.DESCRIBE_BATCH))));
    }
    return out;
  }

  private static RunRecord find(ScheduledTaskStatus status, String taskArn) {
    return status.runs.stream().filter(r -> taskArn.equals(r.taskArn)).findFirst().orElse(null);
  }

  /** An instant as status shows it: to the second, as people read it. */
  static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String taskId(String arn) {
    return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
