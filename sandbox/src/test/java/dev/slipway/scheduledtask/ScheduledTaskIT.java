package dev.slipway.scheduledtask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.RunRecord;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.AwsTarget;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.release.Releases;
import dev.slipway.release.SandboxReleases;
import dev.slipway.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * ScheduledTasks on the sandbox (embedded API, simulator clock at 60x): both engines, the
 * schedule's content, runs in status, metrics and Events, Forbid, validation without AWS writes,
 * and deletion.
 */
class ScheduledTaskIT {
  static final String NS = "default";
  static final String ROLE = "arn:aws:iam::" + Releases.ACCOUNT + ":role/scheduler";
  static final AwsTarget TARGET = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);
  static Sandbox sandbox;
  static PrometheusMeterRegistry meters;

  @BeforeAll
  static void start() {
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, meters);
    SandboxReleases.create(sandbox, Releases.web("batch-app", "repo/app:v1"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> SandboxReleases.phase(sandbox, "batch-app") == Phase.Ready);
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) sandbox.close();
  }

  @Test
  void eventBridgeScheduleFollowsTheSpecAndItsRunsReachStatus() {
    ScheduledTask st =
        batch(
            "eb-ok",
            "rate(5 minutes)",
            ScheduledTaskSpec.Engine.EventBridgeScheduler,
            "sleep 60; exit 0");
    st.getSpec().timeZone = "Asia/Tokyo";
    create(st);
    ScheduledTaskStatus status = awaitStatus("eb-ok", s -> assertThat(s.scheduleArn).isNotNull());

    GetScheduleResponse schedule = schedule(BatchNames.schedule(st));
    assertThat(schedule.scheduleExpression()).isEqualTo("rate(5 minutes)");
    assertThat(schedule.scheduleExpressionTimezone()).isEqualTo("Asia/Tokyo");
    assertThat(schedule.stateAsString()).isEqualTo("ENABLED");
    assertThat(schedule.target().roleArn()).isEqualTo(ROLE);
    assertThat(schedule.target().ecsParameters().taskDefinitionArn())
        .isEqualTo(SandboxReleases.get(sandbox, "batch-app").getStatus().lastGoodTaskDefinitionArn)
        .isEqualTo(status.taskDefinitionArn);
    assertThat(schedule.target().ecsParameters().group()).isEqualTo(BatchNames.group(st));
    assertThat(schedule.target().input()).contains("sleep 60; exit 0").contains("\"name\":\"app\"");
    assertThat(schedule.target().retryPolicy().maximumRetryAttempts()).isZero();

    ScheduledTaskStatus ran =
        awaitStatus(
            "eb-ok",
            s -> {
              assertThat(s.succeeded).isGreaterThanOrEqualTo(1);
              assertThat(s.lastResult).isEqualTo("Succeeded");
            });
    RunRecord run =
        ran.runs.stream().filter(r -> "Succeeded".equals(r.result)).findFirst().orElseThrow();
    assertThat(run.exitCodes).containsEntry("app", 0);
    assertThat(run.taskArn).isNotNull();
    assertThat(run.durationSeconds).isBetween(50L, 120L);
    assertThat(ran.nextRunTime).isNotNull();

    // A change of the spec reaches the schedule; suspend disables it.
    edit(
        "eb-ok",
        s -> {
          s.getSpec().schedule = "cron(30 3 * * ? *)";
          s.getSpec().suspend = true;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              GetScheduleResponse changed = schedule(BatchNames.schedule(st));
              assertThat(changed.scheduleExpression()).isEqualTo("cron(30 3 * * ? *)");
              assertThat(changed.stateAsString()).isEqualTo("DISABLED");
            });
    ScheduledTaskStatus suspended =
        awaitStatus(
            "eb-ok", s -> assertThat(s.phase).isEqualTo(ScheduledTaskStatus.Phase.Suspended));
    assertThat(suspended.nextRunTime).isNull();

    // Resuming enables it again.
    edit("eb-ok", s -> s.getSpec().suspend = false);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(schedule(BatchNames.schedule(st)).stateAsString()).isEqualTo("ENABLED"));
    awaitStatus(
        "eb-ok",
        s -> {
          assertThat(s.phase).isEqualTo(ScheduledTaskStatus.Phase.Scheduled);
          assertThat(s.nextRunTime).isNotNull();
        });

    // Deleting the resource deletes its schedule.
    sandbox.client().resources(ScheduledTask.class).inNamespace(NS).withName("eb-ok").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(get("eb-ok")).isNull();
              assertThat(scheduleExists(BatchNames.schedule(st))).isFalse();
            });
  }

  @Test
  void aFailedRunShowsInStatusMetricsAndAnEvent() {
    create(
        batch(
            "eb-fail",
            "rate(3 minutes)",
            ScheduledTaskSpec.Engine.EventBridgeScheduler,
            "sleep 10; exit 1"));
    ScheduledTaskStatus status =
        awaitStatus(
            "eb-fail",
            s -> {
              assertThat(s.failed).isGreaterThanOrEqualTo(1);
              assertThat(s.lastResult).isEqualTo("Failed");
            });
    RunRecord failed =
        status.runs.stream().filter(r -> "Failed".equals(r.result)).findFirst().orElseThrow();
    assertThat(failed.exitCodes).containsEntry("app", 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(events("eb-fail")).extracting(Event::getReason).contains("RunFailed");
              assertThat(meters.scrape())
                  .containsPattern(
                      "slipway_scheduled_task_runs_total\\{[^}]*name=\"eb-fail\"[^}]*result=\"failed\"[^}]*\\} [1-9]");
            });
  }

  @Test
  void operatorEngineForbidSkipsASlotWhileTheRunGoesAndStartsOneTaskPerSlot() {
    ScheduledTask st =
        batch(
            "op-forbid", "rate(2 minutes)", ScheduledTaskSpec.Engine.Operator, "sleep 150; exit 0");
    st.getSpec().eventBridge = null;
    st.getSpec().concurrencyPolicy = ScheduledTaskSpec.ConcurrencyPolicy.Forbid;
    create(st);
    ScheduledTaskStatus status =
        awaitStatus(
            "op-forbid",
            s -> {
              assertThat(s.runs).anyMatch(r -> "Skipped".equals(r.result));
              assertThat(s.succeeded).isGreaterThanOrEqualTo(1);
            });
    assertThat(status.scheduleArn).isNull();
    // Exactly one task per started slot, and never two at once.
    List<Task> tasks = batchTasks(BatchNames.group(st));
    List<String> startedSlots =
        status.runs.stream().filter(r -> r.taskArn != null).map(r -> r.slot).toList();
    assertThat(startedSlots).doesNotHaveDuplicates();
    assertThat(tasks.stream().map(Task::startedBy).distinct().count()).isEqualTo(tasks.size());
    assertThat(sandbox.aws().schedules(Releases.ACCOUNT, Releases.REGION).invocations())
        .noneMatch(i -> i.scheduleName().equals(BatchNames.schedule(st)));
  }

  @Test
  void aScheduleFollowsEveryNewReleaseOfItsRelease() {
    SandboxReleases.create(sandbox, Releases.web("batch-follow", "repo/app:v1"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> SandboxReleases.phase(sandbox, "batch-follow") == Phase.Ready);
    ScheduledTask st =
        batch(
            "eb-follow",
            "cron(0 3 * * ? *)",
            ScheduledTaskSpec.Engine.EventBridgeScheduler,
            "true");
    st.getSpec().releaseRef.name = "batch-follow";
    create(st);
    awaitStatus("eb-follow", s -> assertThat(s.scheduleArn).isNotNull());
    String first = schedule(BatchNames.schedule(st)).target().ecsParameters().taskDefinitionArn();

    SandboxReleases.editImage(sandbox, "batch-follow", "repo/app:v2");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              String good =
                  SandboxReleases.get(sandbox, "batch-follow")
                      .getStatus()
                      .lastGoodTaskDefinitionArn;
              assertThat(good).isNotEqualTo(first);
              assertThat(
                      schedule(BatchNames.schedule(st))
                          .target()
                          .ecsParameters()
                          .taskDefinitionArn())
                  .isEqualTo(good);
              assertThat(get("eb-follow").getStatus().taskDefinitionArn).isEqualTo(good);
            });
  }

  @Test
  void eventBridgeDuplicateInvocationsShowAsTwoRunsOfOneSlot() {
    ScheduledTask st =
        batch(
            "eb-dup",
            "rate(4 minutes)",
            ScheduledTaskSpec.Engine.EventBridgeScheduler,
            "sleep 5; exit 0");
    create(st);
    awaitStatus("eb-dup", s -> assertThat(s.scheduleArn).isNotNull());
    sandbox
        .aws()
        .schedules(Releases.ACCOUNT, Releases.REGION)
        .duplicateNextInvocation(BatchNames.schedule(st));
    // At least once, as AWS documents: the duplicate is a second task, and status says so.
    ScheduledTaskStatus status =
        awaitStatus(
            "eb-dup",
            s ->
                assertThat(s.runs.stream().filter(r -> r.taskArn != null).map(r -> r.slot))
                    .hasSizeGreaterThan(
                        (int)
                            s.runs.stream()
                                .filter(r -> r.taskArn != null)
                                .map(r -> r.slot)
                                .distinct()
                                .count()));
    assertThat(status.runs).allMatch(r -> r.taskArn != null);
  }

  @Test
  void replaceStopsTheRunningTaskForTheNextSlot() {
    ScheduledTask st =
        batch(
            "op-replace",
            "rate(2 minutes)",
            ScheduledTaskSpec.Engine.Operator,
            "sleep 200; exit 0");
    st.getSpec().eventBridge = null;
    st.getSpec().concurrencyPolicy = ScheduledTaskSpec.ConcurrencyPolicy.Replace;
    create(st);
    ScheduledTaskStatus status =
        awaitStatus(
            "op-replace",
            s -> {
              assertThat(s.runs).anyMatch(r -> "Replaced".equals(r.result));
              assertThat(s.runs).anyMatch(r -> "Running".equals(r.result));
            });
    RunRecord replaced =
        status.runs.stream().filter(r -> "Replaced".equals(r.result)).findFirst().orElseThrow();
    Task stopped =
        batchTasks(BatchNames.group(st)).stream()
            .filter(t -> t.taskArn().equals(replaced.taskArn))
            .findFirst()
            .orElseThrow();
    assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
    assertThat(stopped.stoppedReason()).contains("replaced");
    assertOneTaskPerSlot(st, status);
  }

  @Test
  void slotsMissedWhileTheOperatorIsDownStartWithinTheDeadlineOnly() {
    ScheduledTask st =
        batch(
            "op-deadline",
            "rate(30 minutes)",
            ScheduledTaskSpec.Engine.Operator,
            "sleep 5; exit 0");
    st.getSpec().eventBridge = null;
    st.getSpec().startingDeadlineSeconds = 300;
    create(st);
    Instant next =
        Instant.parse(
            awaitStatus("op-deadline", s -> assertThat(s.nextRunTime).isNotNull()).nextRunTime);

    // Down across a slot, back 2 minutes after it: within the deadline, the slot still runs.
    sandbox.stopOperator();
    try {
      advanceTo(next.plus(Duration.ofMinutes(2)));
    } finally {
      sandbox.startOperator();
    }
    ScheduledTaskStatus late =
        awaitStatus(
            "op-deadline",
            s ->
                assertThat(s.runs)
                    .anyMatch(r -> next.toString().equals(r.slot) && r.taskArn != null));
    assertThat(late.runs).noneMatch(r -> "Missed".equals(r.result));

    // Down across the next slot, back 10 minutes after it: beyond the deadline, it is missed.
    Instant after = next.plus(Duration.ofMinutes(30));
    sandbox.stopOperator();
    try {
      advanceTo(after.plus(Duration.ofMinutes(10)));
    } finally {
      sandbox.startOperator();
    }
    ScheduledTaskStatus missed =
        awaitStatus(
            "op-deadline",
            s ->
                assertThat(s.runs)
                    .anyMatch(
                        r ->
                            after.toString().equals(r.slot)
                                && "Missed".equals(r.result)
                                && r.taskArn == null));
    assertOneTaskPerSlot(st, missed);
  }

  @Test
  void aRestartOrALostStatusWriteNeverStartsASecondTaskForASlot() {
    ScheduledTask st =
        batch(
            "op-restart",
            "rate(30 minutes)",
            ScheduledTaskSpec.Engine.Operator,
            "sleep 600; exit 0");
    st.getSpec().eventBridge = null;
    // Allow: only the slot's own identity may keep a second task from starting.
    st.getSpec().concurrencyPolicy = ScheduledTaskSpec.ConcurrencyPolicy.Allow;
    st.getSpec().startingDeadlineSeconds = 3600;
    create(st);
    ScheduledTaskStatus seen =
        awaitStatus(
            "op-restart",
            s -> {
              assertThat(s.nextRunTime).isNotNull();
              assertThat(s.lastDecidedSlot).isNotNull();
            });
    Instant next = Instant.parse(seen.nextRunTime);
    String before = seen.lastDecidedSlot;
    // Slots that passed before Slipway saw the batch start nothing.
    assertThat(seen.runs).isEmpty();
    advanceTo(next.minusSeconds(5));
    ScheduledTaskStatus running =
        awaitStatus(
            "op-restart",
            s ->
                assertThat(s.runs)
                    .anyMatch(r -> "Running".equals(r.result) && next.toString().equals(r.slot)));
    String task =
        running.runs.stream()
            .filter(r -> next.toString().equals(r.slot))
            .findFirst()
            .orElseThrow()
            .taskArn;

    // The operator dies mid-run and the status write of the start is lost: the slot is undecided
    // again and the run unknown, as if RunTask had succeeded just before a crash.
    sandbox.stopOperator();
    try {
      sandbox
          .client()
          .resources(ScheduledTask.class)
          .inNamespace(NS)
          .withName("op-restart")
          .editStatus(
              s -> {
                s.getStatus().runs = new java.util.ArrayList<>();
                s.getStatus().lastDecidedSlot = before;
                s.getStatus().lastRunTime = null;
                return s;
              });
    } finally {
      sandbox.startOperator();
    }
    ScheduledTaskStatus after =
        awaitStatus(
            "op-restart",
            s -> {
              assertThat(s.lastDecidedSlot).isEqualTo(next.toString());
              assertThat(s.runs).anyMatch(r -> task.equals(r.taskArn));
            });
    List<Task> tasks = batchTasks(BatchNames.group(st));
    assertThat(tasks).extracting(Task::taskArn).containsExactly(task);
    assertOneTaskPerSlot(st, after);
  }

  /** No slot of the batch has two tasks, in status or in ECS. */
  private static void assertOneTaskPerSlot(ScheduledTask st, ScheduledTaskStatus status) {
    assertThat(status.runs.stream().filter(r -> r.taskArn != null).map(r -> r.slot))
        .doesNotHaveDuplicates();
    List<Task> tasks = batchTasks(BatchNames.group(st));
    assertThat(tasks.stream().map(Task::startedBy)).doesNotHaveDuplicates();
  }

  /** Moves the simulated clock forward to {@code target} (never back). */
  private static void advanceTo(Instant target) {
    Duration gap = Duration.between(sandbox.aws().clock().instant(), target);
    if (!gap.isNegative()) sandbox.aws().clock().advance(gap);
  }

  @Test
  void invalidSpecsAreInvalidAndWriteNothing() {
    ScheduledTask badCron =
        batch(
            "bad-cron", "cron(0 3 * * * *)", ScheduledTaskSpec.Engine.EventBridgeScheduler, "true");
    ScheduledTask badZone =
        batch("bad-zone", "rate(1 hour)", ScheduledTaskSpec.Engine.EventBridgeScheduler, "true");
    badZone.getSpec().timeZone = "Mars/Olympus";
    ScheduledTask badContainer =
        batch(
            "bad-container", "rate(1 hour)", ScheduledTaskSpec.Engine.EventBridgeScheduler, "true");
    badContainer.getSpec().overrides.containers.get(0).name = "worker";
    ScheduledTask noRelease =
        batch("no-release", "rate(1 hour)", ScheduledTaskSpec.Engine.Operator, "true");
    noRelease.getSpec().eventBridge = null;
    noRelease.getSpec().releaseRef.name = "missing";
    for (ScheduledTask st : List.of(badCron, badZone, badContainer, noRelease)) create(st);

    assertInvalid("bad-cron", "day-of-month and day-of-week");
    assertInvalid("bad-zone", "Mars/Olympus");
    assertInvalid("bad-container", "worker is not a container");
    assertInvalid("no-release", "ServiceRelease missing does not exist");
    for (ScheduledTask st : List.of(badCron, badZone, badContainer, noRelease)) {
      assertThat(scheduleExists(BatchNames.schedule(st))).as(st.getMetadata().getName()).isFalse();
      assertThat(batchTasks(BatchNames.group(st))).isEmpty();
    }
  }

  private static void assertInvalid(String name, String messagePart) {
    ScheduledTaskStatus status =
        awaitStatus(name, s -> assertThat(s.phase).isEqualTo(ScheduledTaskStatus.Phase.Invalid));
    assertThat(status.message).contains(messagePart);
    assertThat(status.conditions)
        .anyMatch(c -> c.getType().equals("Degraded") && c.getStatus().equals("True"));
  }

  static ScheduledTask batch(
      String name, String schedule, ScheduledTaskSpec.Engine engine, String shell) {
    ScheduledTask st = new ScheduledTask();
    st.getMetadata().setName(name);
    st.getMetadata().setNamespace(NS);
    ScheduledTaskSpec spec = new ScheduledTaskSpec();
    spec.schedule = schedule;
    spec.engine = engine;
    spec.releaseRef = new ScheduledTaskSpec.ReleaseRef();
    spec.releaseRef.name = "batch-app";
    spec.eventBridge = new ScheduledTaskSpec.EventBridgeSettings();
    spec.eventBridge.roleArn = ROLE;
    ScheduledTaskSpec.ContainerOverride app = new ScheduledTaskSpec.ContainerOverride();
    app.name = "app";
    app.command = List.of("sh", "-c", shell);
    app.environment = Map.of("BATCH", name);
    spec.overrides = new ScheduledTaskSpec.TaskOverrides();
    spec.overrides.containers = new java.util.ArrayList<>(List.of(app));
    st.setSpec(spec);
    return st;
  }

  static void create(ScheduledTask st) {
    sandbox.client().resources(ScheduledTask.class).inNamespace(NS).resource(st).create();
  }

  static ScheduledTask get(String name) {
    return sandbox.client().resources(ScheduledTask.class).inNamespace(NS).withName(name).get();
  }

  static void edit(String name, Consumer<ScheduledTask> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                sandbox
                    .client()
                    .resources(ScheduledTask.class)
                    .inNamespace(NS)
                    .withName(name)
                    .edit(
                        st -> {
                          change.accept(st);
                          return st;
                        }));
  }

  static ScheduledTaskStatus awaitStatus(String name, Consumer<ScheduledTaskStatus> check) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              ScheduledTaskStatus s = get(name).getStatus();
              check.accept(s);
              return s;
            },
            s -> true);
  }

  static GetScheduleResponse schedule(String name) {
    return sandbox.aws().scheduler(TARGET).getSchedule(b -> b.groupName("default").name(name));
  }

  static boolean scheduleExists(String name) {
    try {
      schedule(name);
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  /**
   * Every task of the batch's group in the cluster, running or stopped; read again when the
   * simulator throttles the test's own calls (the operator's passes share the rate limits).
   */
  static List<Task> batchTasks(String group) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptionsInstanceOf(
            software.amazon.awssdk.awscore.exception.AwsServiceException.class)
        .until(() -> readBatchTasks(group), tasks -> true);
  }

  private static List<Task> readBatchTasks(String group) {
    var ecs = sandbox.aws().ecs(TARGET);
    List<String> arns = new java.util.ArrayList<>();
    for (DesiredStatus d : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      arns.addAll(ecs.listTasks(b -> b.cluster("core").desiredStatus(d)).taskArns());
    }
    if (arns.isEmpty()) return List.of();
    List<Task> out = new java.util.ArrayList<>();
    for (int i = 0; i < arns.size(); i += 100) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
      out.addAll(ecs.describeTasks(b -> b.cluster("core").tasks(batch)).tasks());
    }
    return out.stream().filter(t -> group.equals(t.group())).toList();
  }

  static List<Event> events(String name) {
    return sandbox.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
