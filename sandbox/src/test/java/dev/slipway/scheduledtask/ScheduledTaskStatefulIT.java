package dev.slipway.scheduledtask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.ConcurrencyPolicy;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.AwsTarget;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.release.Releases;
import dev.slipway.release.SandboxReleases;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.ScheduleControl;
import dev.slipway.scheduledtask.ScheduledTaskInvariants.Gone;
import dev.slipway.testing.LogLevels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * Stateful randomized test of ScheduledTasks sharing one sandbox (simulated clock at 60x, so a
 * simulated minute is a wall second). Random steps create batches of a random engine, rate, policy,
 * run length and exit code, edit their schedule and command, suspend and resume them, switch their
 * engine and policy, set a new slipway.dev/run-now value, restart the operator after some simulated
 * minutes down, inject duplicate scheduler invocations, lose the answer of the operator's next
 * RunTask or CreateSchedule (AWS acted, the pass died), let time pass and delete them. After every
 * step the invariants ST-1..ST-7 of {@link ScheduledTaskInvariants} are checked, the settled ones
 * once the operator has had up to {@link #SETTLE} to act on the step.
 *
 * <p>Sequence {@code i} uses seed {@code base + i}: {@code -Dslipway.stateful.seed} (random when
 * unset, printed), {@code -Dslipway.stateful.tries} sequences (default 4) of {@code
 * -Dslipway.stateful.maxSteps} random steps (default 20). A seed replays the same steps, not the
 * operator's timing. A failure reports the seed, the steps so far and the world.
 */
class ScheduledTaskStatefulIT {
  static final int SEQUENCES = Integer.getInteger("slipway.stateful.tries", 4);
  static final int STEPS = Integer.getInteger("slipway.stateful.maxSteps", 20);
  static final long BASE_SEED =
      Long.getLong("slipway.stateful.seed", new SecureRandom().nextLong() & 0xffff_ffffL);
  static final Duration SETTLE = Duration.ofSeconds(30);
  static final String NS = "default";
  static final String RELEASE = "batch-app";
  static final String ROLE = "arn:aws:iam::" + Releases.ACCOUNT + ":role/scheduler";
  static final AwsTarget TARGET = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);

  /**
   * What the sequences met (steps by kind, run results, faults), printed so thin coverage shows.
   */
  static final Map<String, Integer> SEEN = new TreeMap<>();

  static LogLevels quiet;
  static Sandbox sandbox;
  static LostResponses faults;
  static TaskLedger ledger;
  static ScheduleControl control;

  @BeforeAll
  static void start() {
    quiet = LogLevels.set(Level.ERROR, List.of("dev.slipway", "io.fabric8", "io.javaoperatorsdk"));
    faults = new LostResponses();
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry(), faults::wrap);
    ledger = new TaskLedger(sandbox.aws().ecs(TARGET), "core");
    control = sandbox.aws().schedules(Releases.ACCOUNT, Releases.REGION);
    SandboxReleases.create(sandbox, Releases.web(RELEASE, "repo/app:v1"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> SandboxReleases.phase(sandbox, RELEASE) == Phase.Ready);
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) sandbox.close();
    quiet.restore();
  }

  @Test
  void randomSequencesKeepEveryInvariant() {
    long started = System.nanoTime();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < SEQUENCES; i++) {
      Sequence s = new Sequence(i, BASE_SEED + i);
      String failure = s.run();
      System.out.printf(
          "ScheduledTaskStatefulIT seed %d: %d steps, %s%n",
          s.seed, s.steps, failure == null ? "ok" : "FAILED");
      if (failure != null) {
        System.out.println(failure);
        failures.add(failure);
      }
    }
    System.out.printf(
        "ScheduledTaskStatefulIT: %d sequences from seed %d in %d s (replay one: "
            + "-Dslipway.stateful.seed=SEED -Dslipway.stateful.tries=1)%n",
        SEQUENCES, BASE_SEED, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    System.out.println("ScheduledTaskStatefulIT met: " + SEEN);
    assertThat(failures).as("sequences that broke an invariant (seed and steps in each)").isEmpty();
  }

  /**
   * A CreateSchedule whose answer is lost leaves a schedule the status does not know of; deleting
   * the ScheduledTask or switching it to engine Operator before the next pass must still remove it.
   */
  @Test
  void aScheduleCreatedByAFailedPassIsRemovedOnDeleteAndOnEngineSwitch() {
    List<String> failures = new ArrayList<>();
    for (boolean thenDelete : List.of(true, false)) {
      Sequence s = new Sequence(thenDelete ? 90 : 91, 0);
      String failure =
          s.run(
              () ->
                  s.loseCreateSchedule(
                      s.models.get(0), true, thenDelete, ConcurrencyPolicy.Forbid, null));
      if (failure != null) failures.add(failure);
    }
    assertThat(failures).isEmpty();
  }

  /** An invariant broken (or a step that never settled), with what was seen. */
  static final class Broken extends RuntimeException {
    Broken(String message) {
      super(message);
    }
  }

  static void seen(String what) {
    synchronized (SEEN) {
      SEEN.merge(what, 1, Integer::sum);
    }
  }

  /** One seeded sequence over its own three ScheduledTask names. */
  static final class Sequence {
    final int index;
    final long seed;
    final Random random;
    final String prefix;
    final List<String> history = new ArrayList<>();
    final List<BatchModel> models = new ArrayList<>();
    final List<Gone> gone = new ArrayList<>();
    final Set<String> runsSeen = new HashSet<>();
    int runNowCount;
    int steps;

    Sequence(int index, long seed) {
      this.index = index;
      this.seed = seed;
      this.random = new Random(seed);
      this.prefix = "st" + index;
      for (String n : List.of("a", "b", "c")) models.add(new BatchModel(prefix + "-" + n));
    }

    /** The random sequence: null when every invariant held; else the report. */
    String run() {
      return run(
          () -> {
            step("create all", () -> models.forEach(this::create));
            for (int i = 0; i < STEPS; i++) randomStep();
          });
    }

    /** Runs {@code steps}, then deletes what is left: null when every invariant held. */
    String run(Runnable steps) {
      try {
        steps.run();
        step(
            "finish: delete all",
            () -> models.stream().filter(m -> m.exists).forEach(this::delete));
        return null;
      } catch (Broken b) {
        return report(b.getMessage());
      } catch (RuntimeException | AssertionError e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return report("HARNESS: " + out);
      } finally {
        cleanUp();
      }
    }

    // --- steps ---------------------------------------------------------------------------

    private void step(String what, Runnable action) {
      history.add(what);
      steps++;
      seen("step " + what.split(" ")[0]);
      action.run();
      settleAndCheck();
    }

    private void randomStep() {
      int roll = random.nextInt(100);
      if (roll < 8) {
        int down = 1 + random.nextInt(6);
        step("restart the operator, down " + down + " min", () -> restart(down));
        return;
      }
      if (roll < 15) {
        int minutes = 1 + random.nextInt(6);
        step("wait " + minutes + " min", () -> pass(Duration.ofSeconds(minutes)));
        return;
      }
      if (roll < 23) {
        loseAnAnswer();
        return;
      }
      if (roll < 27) {
        double rate = random.nextBoolean() ? 0.5 : 0;
        step("duplicates at rate " + rate, () -> control.duplicateInvocations(rate));
        return;
      }
      BatchModel m = models.get(random.nextInt(models.size()));
      if (!m.exists) {
        step("create " + m.name, () -> create(m));
        return;
      }
      int kind = random.nextInt(100);
      if (kind < 15) {
        int rate = 2 + random.nextInt(4);
        step("schedule " + m.name + " rate " + rate, () -> change(m, x -> x.rateMinutes = rate));
      } else if (kind < 25) {
        int sleep = sleep();
        int exit = exit();
        step(
            "command " + m.name + " sleep " + sleep + " exit " + exit,
            () ->
                change(
                    m,
                    x -> {
                      x.sleepSeconds = sleep;
                      x.exitCode = exit;
                    }));
      } else if (kind < 38) {
        boolean suspend = !m.suspended;
        step(
            (suspend ? "suspend " : "resume ") + m.name,
            () -> change(m, x -> x.suspended = suspend));
      } else if (kind < 52) {
        Engine to = m.engine == Engine.Operator ? Engine.EventBridgeScheduler : Engine.Operator;
        ConcurrencyPolicy policy = policy();
        Integer deadline = deadline();
        step("engine " + m.name + " " + to, () -> switchEngine(m, to, policy, deadline));
      } else if (kind < 60 && m.engine == Engine.Operator) {
        ConcurrencyPolicy policy = policy();
        step(
            "policy " + m.name + " " + policy,
            () -> {
              m.closeForbid(now());
              change(m, x -> x.policy = policy);
            });
      } else if (kind < 80) {
        step("run-now " + m.name, () -> runNow(m));
      } else if (kind < 90 && m.engine == Engine.EventBridgeScheduler) {
        step("duplicate-next " + m.name, () -> duplicateNext(m));
      } else {
        step("delete " + m.name, () -> delete(m));
      }
    }

    private void create(BatchModel m) {
      create(m, random.nextBoolean() ? Engine.Operator : Engine.EventBridgeScheduler);
    }

    private void create(BatchModel m, Engine engine) {
      m.reset(engine, policy(), deadline(), 2 + random.nextInt(4), sleep(), exit());
      m.bornAt = now();
      gone.stream()
          .filter(g -> g.name.equals(m.name) && g.until == null)
          .forEach(g -> g.until = m.bornAt);
      ScheduledTask created =
          sandbox
              .client()
              .resources(ScheduledTask.class)
              .inNamespace(NS)
              .resource(m.render(NS, RELEASE, ROLE))
              .create();
      m.exists = true;
      m.uid = created.getMetadata().getUid();
      history.add("  = " + m);
    }

    private void change(BatchModel m, Consumer<BatchModel> edit) {
      edit.accept(m);
      history.add("  = " + m);
      edit(m.name, st -> m.applyTo(st.getSpec()));
    }

    private void switchEngine(BatchModel m, Engine to, ConcurrencyPolicy policy, Integer deadline) {
      m.closeForbid(now());
      change(
          m,
          x -> {
            x.engine = to;
            x.policy = to == Engine.Operator ? policy : null;
            x.deadlineSeconds = to == Engine.Operator ? deadline : null;
          });
    }

    private void runNow(BatchModel m) {
      String token = prefix + "-" + (++runNowCount);
      m.runNow.add(token);
      edit(
          m.name,
          st -> {
            ObjectMeta meta = st.getMetadata();
            if (meta.getAnnotations() == null) meta.setAnnotations(new HashMap<>());
            meta.getAnnotations().put(ScheduledTask.RUN_NOW_ANNOTATION, token);
          });
    }

    private void duplicateNext(BatchModel m) {
      control.duplicateNextInvocation(BatchNames.schedule(m.render(NS, RELEASE, ROLE)));
      // Let the next slot come, so the duplicate lands within this step.
      pass(Duration.ofSeconds(m.rateMinutes + 1));
    }

    private void restart(int downMinutes) {
      sandbox.stopOperator();
      try {
        pass(Duration.ofSeconds(downMinutes));
      } finally {
        sandbox.startOperator();
      }
    }

    private void delete(BatchModel m) {
      m.closeForbid(now());
      resource(m.name).delete();
      m.exists = false;
      long until = System.nanoTime() + SETTLE.toNanos();
      while (get(m.name) != null) {
        if (System.nanoTime() > until) {
          throw new Broken("ST-4 " + m + " still exists " + SETTLE.toSeconds() + " s after delete");
        }
        sleepMillis(100);
      }
      gone.add(
          new Gone(m.name, m.uid, BatchNames.group(m.render(NS, RELEASE, ROLE)), now(), m.runNow));
    }

    /**
     * Loses the answer of the operator's next CreateSchedule (then deletes the batch or switches it
     * to engine Operator before the pass is retried) or of its next RunTask (after a run-now).
     */
    private void loseAnAnswer() {
      BatchModel absent = models.stream().filter(m -> !m.exists).findFirst().orElse(null);
      BatchModel operator =
          models.stream()
              .filter(m -> m.exists && m.engine == Engine.Operator)
              .findFirst()
              .orElse(null);
      boolean schedule = random.nextBoolean() && (absent != null || operator != null);
      boolean thenDelete = random.nextBoolean();
      if (schedule) {
        BatchModel m = absent != null ? absent : operator;
        loseCreateSchedule(m, absent != null, thenDelete, policy(), deadline());
      } else {
        List<BatchModel> live = models.stream().filter(x -> x.exists).toList();
        if (live.isEmpty()) {
          step("wait 2 min", () -> pass(Duration.ofSeconds(2)));
          return;
        }
        BatchModel m = live.get(random.nextInt(live.size()));
        step(
            "lose RunTask after run-now " + m.name,
            () -> {
              int before = faults.lost();
              faults.arm("runTask");
              runNow(m);
              awaitLost(before, Duration.ofSeconds(5));
            });
      }
    }

    /**
     * The operator's CreateSchedule for {@code m} (created afresh, or switched from engine
     * Operator) is carried out but its answer is lost; before the pass is retried, {@code m} is
     * deleted or switched (back) to engine Operator.
     */
    void loseCreateSchedule(
        BatchModel m,
        boolean fresh,
        boolean thenDelete,
        ConcurrencyPolicy policy,
        Integer deadline) {
      step(
          "lose CreateSchedule of "
              + m.name
              + (fresh ? " (created)" : " (engine switched)")
              + (thenDelete ? ", then delete it" : ", then switch it to Operator"),
          () -> {
            int before = faults.lost();
            faults.arm("createSchedule");
            if (fresh) {
              create(m, Engine.EventBridgeScheduler);
            } else {
              switchEngine(m, Engine.EventBridgeScheduler, null, null);
            }
            if (!awaitLost(before, Duration.ofSeconds(10))) {
              faults.disarm();
              return;
            }
            if (thenDelete) {
              delete(m);
            } else {
              switchEngine(m, Engine.Operator, policy, deadline);
            }
          });
    }

    private boolean awaitLost(int before, Duration within) {
      long until = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < until) {
        if (faults.lost() > before) {
          seen("fault fired");
          return true;
        }
        sleepMillis(10);
      }
      seen("fault did not fire in time");
      return false;
    }

    private ConcurrencyPolicy policy() {
      return ConcurrencyPolicy.values()[random.nextInt(ConcurrencyPolicy.values().length)];
    }

    private Integer deadline() {
      int d = random.nextInt(3);
      return d == 0 ? null : d == 1 ? 120 : 900;
    }

    private int sleep() {
      return List.of(20, 60, 150, 300).get(random.nextInt(4));
    }

    private int exit() {
      return List.of(0, 0, 1, 3).get(random.nextInt(4));
    }

    // --- settling and checking ------------------------------------------------------------

    private void settleAndCheck() {
      long until = System.nanoTime() + SETTLE.toNanos();
      List<String> unsettled;
      while (true) {
        ledger.observe();
        unsettled = ScheduledTaskInvariants.unsettled(models, gone, live(), schedules());
        if (unsettled.isEmpty() || System.nanoTime() > until) break;
        sleepMillis(400);
      }
      if (!unsettled.isEmpty()) {
        throw new Broken(
            "not settled within "
                + SETTLE.toSeconds()
                + " s:\n  "
                + String.join("\n  ", unsettled));
      }
      Instant now = now();
      models.forEach(m -> m.openForbidIfDue(now));
      Map<String, ScheduledTask> live = live();
      ledger.observe(true);
      List<String> broken = ScheduledTaskInvariants.broken(models, gone, live, ledger);
      if (!broken.isEmpty()) throw new Broken(String.join("\n", broken));
      for (BatchModel m : models) {
        ScheduledTask st = live.get(m.name);
        if (st == null || st.getStatus() == null) continue;
        seen("phase " + st.getStatus().phase);
        for (ScheduledTaskStatus.RunRecord r : st.getStatus().runs) {
          if (runsSeen.add(m.uid + r.slot + r.taskArn + r.result)) seen("run " + r.result);
        }
      }
    }

    /** This sequence's ScheduledTasks by name. */
    private Map<String, ScheduledTask> live() {
      return sandbox
          .client()
          .resources(ScheduledTask.class)
          .inNamespace(NS)
          .list()
          .getItems()
          .stream()
          .filter(st -> st.getMetadata().getName().startsWith(prefix + "-"))
          .collect(Collectors.toMap(st -> st.getMetadata().getName(), st -> st));
    }

    /** This sequence's schedules whose description says Slipway. */
    private List<GetScheduleResponse> schedules() {
      SchedulerClient scheduler = sandbox.aws().scheduler(TARGET);
      String namePrefix = "slipway-" + NS + "." + prefix + "-";
      List<GetScheduleResponse> out = new ArrayList<>();
      String token = null;
      do {
        String page = token;
        ListSchedulesResponse r =
            TaskLedger.patiently(
                () ->
                    scheduler.listSchedules(
                        b -> b.groupName("default").namePrefix(namePrefix).nextToken(page)));
        for (ScheduleSummary s : r.schedules()) {
          try {
            GetScheduleResponse g =
                TaskLedger.patiently(
                    () -> scheduler.getSchedule(b -> b.groupName("default").name(s.name())));
            if (g.description() != null
                && g.description().startsWith(BatchNames.DESCRIPTION_PREFIX)) out.add(g);
          } catch (ResourceNotFoundException e) {
            // Deleted between the listing and the look.
          }
        }
        token = r.nextToken();
      } while (token != null);
      return out;
    }

    private void cleanUp() {
      faults.disarm();
      control.duplicateInvocations(0);
      sandbox.startOperator();
      try {
        for (BatchModel m : models) {
          if (get(m.name) != null) resource(m.name).delete();
        }
        await().atMost(SETTLE).until(() -> live().isEmpty());
      } catch (RuntimeException e) {
        System.out.println("cleanup of seed " + seed + " incomplete: " + e);
        for (BatchModel m : models) {
          // A ScheduledTask stuck in deletion must not keep its name from the next sequence.
          if (get(m.name) != null)
            resource(m.name)
                .edit(
                    st -> {
                      st.getMetadata().setFinalizers(List.of());
                      return st;
                    });
        }
      }
    }

    private String report(String what) {
      StringBuilder b = new StringBuilder();
      b.append("=== ScheduledTaskStatefulIT seed ")
          .append(seed)
          .append(" (replay: -Dslipway.stateful.seed=")
          .append(seed)
          .append(" -Dslipway.stateful.tries=1)\n")
          .append(what)
          .append("\nsteps:\n");
      for (int i = 0; i < history.size(); i++) b.append("  ").append(history.get(i)).append('\n');
      try {
        Map<String, ScheduledTask> live = live();
        for (BatchModel m : models) {
          b.append("model ").append(m.exists ? m : m.name + " (deleted)").append('\n');
          ScheduledTask st = live.get(m.name);
          if (st != null && st.getStatus() != null) {
            ScheduledTaskStatus s = st.getStatus();
            b.append(
                String.format(
                    "  status %s %s: %s; succeeded %d failed %d skipped %d, schedule %s%n",
                    s.phase, s.engine, s.message, s.succeeded, s.failed, s.skipped, s.scheduleArn));
            for (ScheduledTaskStatus.RunRecord r : s.runs) {
              b.append(
                  String.format(
                      "    run %s %s %s %s exit %s%n",
                      r.slot, r.trigger, r.result, RunTracker.taskId(r.taskArn), r.exitCodes));
            }
          }
          ScheduledTask probe = new ScheduledTask();
          probe.getMetadata().setName(m.name);
          probe.getMetadata().setNamespace(NS);
          ledger.group(BatchNames.group(probe)).stream()
              .sorted((x, y) -> x.createdAt().compareTo(y.createdAt()))
              .forEach(t -> b.append("    task ").append(TaskLedger.describe(t)).append('\n'));
        }
        for (GetScheduleResponse s : schedules()) {
          b.append("schedule ")
              .append(s.name())
              .append(' ')
              .append(s.scheduleExpression())
              .append(' ')
              .append(s.stateAsString())
              .append(" uid ")
              .append(ScheduledTaskInvariants.uidOf(s))
              .append('\n');
        }
      } catch (RuntimeException e) {
        b.append("(no dump: ").append(e).append(")\n");
      }
      return b.toString();
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  static Instant now() {
    return sandbox.aws().clock().instant();
  }

  /** Lets {@code real} wall time pass (a simulated minute per second), feeding the ledger. */
  static void pass(Duration real) {
    long until = System.nanoTime() + real.toNanos();
    while (System.nanoTime() < until) {
      sleepMillis(Math.min(1000, (until - System.nanoTime()) / 1_000_000 + 1));
      ledger.observe();
    }
  }

  static void sleepMillis(long ms) {
    try {
      Thread.sleep(Math.max(1, ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Resource<ScheduledTask> resource(String name) {
    return sandbox.client().resources(ScheduledTask.class).inNamespace(NS).withName(name);
  }

  static ScheduledTask get(String name) {
    return resource(name).get();
  }

  static void edit(String name, Consumer<ScheduledTask> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                resource(name)
                    .edit(
                        st -> {
                          change.accept(st);
                          return st;
                        }));
  }
}
