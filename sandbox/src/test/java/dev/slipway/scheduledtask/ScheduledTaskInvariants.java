package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.Phase;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

/**
 * The invariants of {@link ScheduledTaskStatefulIT}, each returning what breaks it (empty when it
 * holds). The settled ones (ST-3, ST-4's first half, ST-7) may take a moment after a step and are
 * awaited; the others must hold at every look.
 *
 * <ul>
 *   <li>ST-1 no two tasks share a startedBy: engine Operator starts one task per slot and run-now;
 *   <li>ST-2 under Operator + Forbid no task starts while another the operator started still runs;
 *   <li>ST-3 every Slipway schedule belongs to a live ScheduledTask with engine
 *       EventBridgeScheduler, and each such one has exactly one, with its name, expression and
 *       state ENABLED iff not suspended;
 *   <li>ST-4 a deleted ScheduledTask is gone with its schedule, and no task of its group starts
 *       after it went (until the name is created again);
 *   <li>ST-5 succeeded and failed never decrease, and every finished run in status agrees with the
 *       task ECS reports (exit code, and Succeeded iff it exited 0);
 *   <li>ST-6 no slipway.dev/run-now value starts more than one task;
 *   <li>ST-7 every ScheduledTask settles: generation observed, phase Scheduled or Suspended as the
 *       spec says, engine in status, the latest run-now value acknowledged.
 * </ul>
 */
final class ScheduledTaskInvariants {
  /** A deleted incarnation; {@code until} is when the name was created again, else null. */
  static final class Gone {
    final String name;
    final String uid;
    final String group;
    final Instant goneAt;
    final List<String> runNow;
    Instant until;

    Gone(String name, String uid, String group, Instant goneAt, List<String> runNow) {
      this.name = name;
      this.uid = uid;
      this.group = group;
      this.goneAt = goneAt;
      this.runNow = List.copyOf(runNow);
    }
  }

  private static final Pattern UID = Pattern.compile("\\(uid ([^)]+)\\)");

  private ScheduledTaskInvariants() {}

  /** The uid a Slipway schedule's description names, or null. */
  static String uidOf(GetScheduleResponse schedule) {
    Matcher m = UID.matcher(String.valueOf(schedule.description()));
    return m.find() ? m.group(1) : null;
  }

  /** ST-3, ST-4 (objects and schedules), ST-7: what is not settled yet. */
  static List<String> unsettled(
      List<BatchModel> models,
      List<Gone> gone,
      Map<String, ScheduledTask> live,
      List<GetScheduleResponse> schedules) {
    List<String> out = new ArrayList<>();
    for (GetScheduleResponse s : schedules) {
      String uid = uidOf(s);
      Optional<BatchModel> owner =
          models.stream().filter(m -> m.exists && Objects.equals(m.uid, uid)).findFirst();
      Optional<Gone> dead = gone.stream().filter(g -> g.uid.equals(uid)).findFirst();
      if (dead.isPresent()) {
        out.add(
            "ST-4 schedule "
                + s.name()
                + " ("
                + s.stateAsString()
                + ") outlives its deleted ScheduledTask "
                + dead.get().name
                + " uid "
                + uid);
      } else if (owner.isEmpty()) {
        out.add("ST-3 schedule " + s.name() + " names no live ScheduledTask (uid " + uid + ")");
      } else if (owner.get().engine != Engine.EventBridgeScheduler) {
        out.add(
            "ST-3 schedule "
                + s.name()
                + " ("
                + s.stateAsString()
                + ") belongs to "
                + owner.get()
                + ", whose engine is "
                + owner.get().engine);
      }
    }
    for (BatchModel m : models) {
      if (!m.exists) {
        if (live.containsKey(m.name)) out.add("ST-4 " + m.name + " still exists after delete");
        continue;
      }
      ScheduledTask st = live.get(m.name);
      if (st == null) {
        out.add("ST-7 " + m.name + " is missing");
        continue;
      }
      settled(m, st).ifPresent(out::add);
      if (m.engine == Engine.EventBridgeScheduler) {
        List<GetScheduleResponse> own =
            schedules.stream().filter(s -> Objects.equals(m.uid, uidOf(s))).toList();
        String want = m.suspended ? "DISABLED" : "ENABLED";
        if (own.size() != 1) {
          out.add("ST-3 " + m + " has " + own.size() + " schedules, not 1");
        } else if (!own.get(0).name().equals(BatchNames.schedule(st))
            || !own.get(0).scheduleExpression().equals(m.schedule())
            || !own.get(0).stateAsString().equals(want)) {
          GetScheduleResponse s = own.get(0);
          out.add(
              "ST-3 "
                  + m
                  + " has schedule "
                  + s.name()
                  + " "
                  + s.scheduleExpression()
                  + " "
                  + s.stateAsString()
                  + ", not "
                  + m.schedule()
                  + " "
                  + want);
        }
      }
    }
    return out;
  }

  private static Optional<String> settled(BatchModel m, ScheduledTask st) {
    ScheduledTaskStatus s = st.getStatus();
    if (s == null) return Optional.of("ST-7 " + m.name + " has no status");
    Phase want = m.suspended ? Phase.Suspended : Phase.Scheduled;
    String last = m.runNow.isEmpty() ? null : m.runNow.get(m.runNow.size() - 1);
    boolean ok =
        Objects.equals(st.getMetadata().getGeneration(), s.observedGeneration)
            && s.phase == want
            && m.engine.name().equals(s.engine)
            && (last == null || last.equals(s.runNowAcknowledged));
    return ok
        ? Optional.empty()
        : Optional.of(
            String.format(
                "ST-7 %s not settled: generation %s observed %s, phase %s (want %s), engine %s,"
                    + " run-now acknowledged %s (want %s), message: %s",
                m,
                st.getMetadata().getGeneration(),
                s.observedGeneration,
                s.phase,
                want,
                s.engine,
                s.runNowAcknowledged,
                last,
                s.message));
  }

  /** ST-1, ST-2, ST-4 (tasks after deletion), ST-5, ST-6: what is broken now. */
  static List<String> broken(
      List<BatchModel> models,
      List<Gone> gone,
      Map<String, ScheduledTask> live,
      TaskLedger ledger) {
    List<String> out = new ArrayList<>();
    for (BatchModel m : models) {
      ScheduledTask probe = new ScheduledTask();
      probe.getMetadata().setName(m.name);
      probe.getMetadata().setNamespace(ScheduledTaskStatefulIT.NS);
      List<Task> tasks = ledger.group(BatchNames.group(probe));
      oneTaskPerStartedBy(m.name, tasks, out);
      if (m.uid != null) noOverlapUnderForbid(m, tasks, out);
      for (Gone g : gone) {
        if (!g.name.equals(m.name)) continue;
        for (Task t : tasks) {
          if (t.createdAt().isAfter(g.goneAt)
              && (g.until == null || t.createdAt().isBefore(g.until)))
            out.add(
                "ST-4 task started after "
                    + g.name
                    + " uid "
                    + g.uid
                    + " was deleted at "
                    + g.goneAt
                    + ": "
                    + TaskLedger.describe(t));
        }
        runNowOnce(g.name, g.uid, g.runNow, tasks, out);
      }
      if (!m.exists || m.uid == null) continue;
      runNowOnce(m.name, m.uid, m.runNow, tasks, out);
      ScheduledTask st = live.get(m.name);
      if (st != null && st.getStatus() != null) agrees(m, st.getStatus(), ledger, out);
    }
    return out;
  }

  private static void oneTaskPerStartedBy(String name, List<Task> tasks, List<String> out) {
    Map<String, List<Task>> byStartedBy =
        tasks.stream()
            .filter(t -> t.startedBy() != null)
            .collect(Collectors.groupingBy(Task::startedBy));
    byStartedBy.forEach(
        (startedBy, same) -> {
          if (same.size() > 1)
            out.add(
                "ST-1 "
                    + name
                    + ": "
                    + same.size()
                    + " tasks for startedBy "
                    + startedBy
                    + ": "
                    + same.stream().map(TaskLedger::describe).collect(Collectors.joining(" | ")));
        });
  }

  private static void noOverlapUnderForbid(BatchModel m, List<Task> tasks, List<String> out) {
    List<Task> operators =
        tasks.stream()
            .filter(t -> t.startedBy() != null && !t.createdAt().isBefore(m.bornAt))
            .toList();
    for (Task later : operators) {
      if (!m.inForbidWindow(later.createdAt())) continue;
      for (Task earlier : operators) {
        if (earlier == later || !earlier.createdAt().isBefore(later.createdAt())) continue;
        // A task Slipway stopped itself (Replace, timeout) counts as over once it was told to stop.
        boolean stoppedBySlipway =
            earlier.stoppedReason() != null && earlier.stoppedReason().startsWith("slipway:");
        Instant end = stoppedBySlipway ? earlier.stoppingAt() : earlier.stoppedAt();
        if (end == null || end.isAfter(later.createdAt())) {
          out.add(
              "ST-2 "
                  + m
                  + ": under Forbid a task started while another still ran: "
                  + TaskLedger.describe(later)
                  + " while "
                  + TaskLedger.describe(earlier));
        }
      }
    }
  }

  private static void runNowOnce(
      String name, String uid, List<String> tokens, List<Task> tasks, List<String> out) {
    ScheduledTask probe = new ScheduledTask();
    probe.getMetadata().setUid(uid);
    for (String token : tokens) {
      String startedBy = BatchNames.runNowStartedBy(probe, token);
      long n = tasks.stream().filter(t -> startedBy.equals(t.startedBy())).count();
      if (n > 1) out.add("ST-6 " + name + ": run-now " + token + " started " + n + " tasks");
    }
  }

  private static void agrees(
      BatchModel m, ScheduledTaskStatus s, TaskLedger ledger, List<String> out) {
    if (s.succeeded < m.succeeded || s.failed < m.failed) {
      out.add(
          String.format(
              "ST-5 %s: counters went back from succeeded %d failed %d to %d %d",
              m.name, m.succeeded, m.failed, s.succeeded, s.failed));
    }
    m.succeeded = Math.max(m.succeeded, s.succeeded);
    m.failed = Math.max(m.failed, s.failed);
    for (RunRecord r : s.runs) {
      boolean finished =
          RunTracker.SUCCEEDED.equals(r.result) || RunTracker.FAILED.equals(r.result);
      if (!finished || r.taskArn == null) continue;
      Optional<Task> t = ledger.task(r.taskArn);
      if (t.isEmpty()) continue;
      Task task = t.get();
      Integer exit = TaskLedger.exitCode(task, "app");
      boolean ok =
          "STOPPED".equals(task.lastStatus())
              && Objects.equals(exit, r.exitCodes.get("app"))
              && (RunTracker.SUCCEEDED.equals(r.result) == Objects.equals(exit, 0));
      if (!ok) {
        out.add(
            "ST-5 "
                + m.name
                + ": run of "
                + r.slot
                + " is "
                + r.result
                + " with exit codes "
                + r.exitCodes
                + ", ECS says "
                + TaskLedger.describe(task));
      }
    }
  }
}
