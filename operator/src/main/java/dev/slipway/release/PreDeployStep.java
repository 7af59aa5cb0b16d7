package dev.slipway.release;

import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.PreDeployRecord;
import dev.slipway.aws.EcsPort;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/**
 * Runs each pre-deploy task (migrations) once per spec hash as a one-off RunTask of the new
 * revision and requires exit code 0 from every essential container before the service is touched.
 * "Once" survives restarts: the task carries a deterministic startedBy and clientToken, so a
 * restarted operator finds the task it already started instead of running it again.
 */
final class PreDeployStep {
  private final EcsPort ecs;
  private final EventRecorder events;
  private final ReleaseSettings settings;

  PreDeployStep(EcsPort ecs, EventRecorder events, ReleaseSettings settings) {
    this.ecs = ecs;
    this.events = events;
    this.settings = settings;
  }

  /** Empty when every pre-deploy task has succeeded; otherwise where the release stands. */
  Optional<Outcome> ensurePreDeployTasks(ReleaseContext ctx, String taskDefinitionArn) {
    for (PreDeployTaskSpec task : ctx.resource.getSpec().preDeploy) {
      PreDeployRecord record = recordFor(ctx, task.name);
      if ("Succeeded".equals(record.state)) continue;
      if ("Failed".equals(record.state)) return Optional.of(failed(record));
      Optional<Outcome> waiting = advance(ctx, task, record, taskDefinitionArn);
      if (waiting.isPresent()) return waiting;
    }
    return Optional.empty();
  }

  private Optional<Outcome> advance(
      ReleaseContext ctx, PreDeployTaskSpec task, PreDeployRecord record, String tdArn) {
    String startedBy = startedBy(ctx, task.name);
    if (record.taskArn == null) {
      List<String> existing = ecs.listTasks(ctx.plan.target(), ctx.cluster(), startedBy);
      record.taskArn =
          existing.isEmpty() ? start(ctx, task, tdArn, startedBy, record) : existing.get(0);
      if (record.taskArn == null) return Optional.of(failed(record));
      record.state = "Running";
      if (record.startedAt == null) record.startedAt = ctx.now.toString();
      return Optional.of(running(ctx, task, record));
    }
    List<Task> tasks = ecs.describeTasks(ctx.plan.target(), ctx.cluster(), List.of(record.taskArn));
    if (tasks.isEmpty()) {
      return Optional.of(
          fail(ctx, record, "task " + taskId(record.taskArn) + " is no longer known to ECS"));
    }
    Task t = tasks.get(0);
    if ("STOPPED".equals(t.lastStatus())) return conclude(ctx, task, record, t);
    Duration timeout = Duration.ofSeconds(task.timeoutSeconds == null ? 900 : task.timeoutSeconds);
    if (ctx.since(record.startedAt).compareTo(timeout) > 0) {
      ecs.stopTask(ctx.plan.target(), ctx.cluster(), record.taskArn, "slipway: pre-deploy timeout");
      return Optional.of(
          fail(
              ctx,
              record,
              "timed out after "
                  + timeout.toSeconds()
                  + "s (task "
                  + taskId(record.taskArn)
                  + " stopped)"));
    }
    return Optional.of(running(ctx, task, record));
  }

  private String start(
      ReleaseContext ctx,
      PreDeployTaskSpec task,
      String tdArn,
      String startedBy,
      PreDeployRecord record) {
    RunTaskRequest request =
        ReleaseRequests.preDeployRunTask(
            ctx.resource,
            ctx.plan.service(),
            task,
            tdArn,
            startedBy,
            startedBy + "-" + ctx.resource.getMetadata().getUid());
    RunTaskResponse response = ecs.runTask(ctx.plan.target(), request);
    if (response.tasks().isEmpty()) {
      Failure f = response.failures().isEmpty() ? null : response.failures().get(0);
      record.state = "Failed";
      record.message =
          "pre-deploy task "
              + task.name
              + " failed to start: "
              + (f == null
                  ? "no task returned"
                  : f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")"));
      events.warning(ctx.resource, "PreDeployFailed", record.message);
      return null;
    }
    String arn = response.tasks().get(0).taskArn();
    events.normal(
        ctx.resource,
        "PreDeployStarted",
        "Started pre-deploy task " + task.name + " as task " + taskId(arn));
    return arn;
  }

  private Optional<Outcome> conclude(
      ReleaseContext ctx, PreDeployTaskSpec task, PreDeployRecord record, Task t) {
    if (t.stopCode() == TaskStopCode.TASK_FAILED_TO_START) {
      return Optional.of(
          fail(
              ctx,
              record,
              "task " + taskId(t.taskArn()) + " failed to start: " + t.stoppedReason()));
    }
    for (Container c : t.containers()) {
      boolean essential =
          ctx.resource.getSpec().taskDefinition.containers.stream()
              .anyMatch(spec -> spec.name.equals(c.name()) && spec.isEssential());
      if (!essential) continue;
      if (c.exitCode() == null || c.exitCode() != 0) {
        record.exitCode = c.exitCode();
        String why =
            c.exitCode() == null
                ? "stopped without an exit code (" + t.stoppedReason() + ")"
                : "exited with code " + c.exitCode();
        return Optional.of(
            fail(
                ctx, record, "task " + taskId(t.taskArn()) + " container " + c.name() + " " + why));
      }
    }
    record.state = "Succeeded";
    record.exitCode = 0;
    record.message = "task " + taskId(t.taskArn()) + " exited 0";
    events.normal(
        ctx.resource,
        "PreDeploySucceeded",
        "Pre-deploy task " + task.name + " succeeded (" + record.message + ")");
    return Optional.empty();
  }

  private Outcome fail(ReleaseContext ctx, PreDeployRecord record, String why) {
    record.state = "Failed";
    record.message = "pre-deploy task " + record.name + " failed: " + why;
    return failed(record);
  }

  private static Outcome failed(PreDeployRecord record) {
    return Outcome.failed("PreDeployFailed", record.message + "; the service was not updated");
  }

  private Outcome running(ReleaseContext ctx, PreDeployTaskSpec task, PreDeployRecord record) {
    return Outcome.progressing(
        "PreDeployRunning",
        "running pre-deploy task " + task.name + " (task " + taskId(record.taskArn) + ")",
        settings.pollAfter(ctx.since(record.startedAt)));
  }

  private static PreDeployRecord recordFor(ReleaseContext ctx, String name) {
    return ctx.status.preDeploy.stream()
        .filter(r -> name.equals(r.name) && ctx.plan.specHash().equals(r.specHash))
        .findFirst()
        .orElseGet(
            () -> {
              PreDeployRecord r = new PreDeployRecord();
              r.name = name;
              r.specHash = ctx.plan.specHash();
              ctx.status.preDeploy.removeIf(old -> name.equals(old.name));
              ctx.status.preDeploy.add(r);
              return r;
            });
  }

  /** Deterministic per resource, spec hash, step and retry, within ECS's 36-character limit. */
  static String startedBy(ReleaseContext ctx, String step) {
    String retry = ctx.status.retryAcknowledged == null ? "" : ctx.status.retryAcknowledged;
    return "slipway-"
        + ContentHash.of(ctx.resource.getMetadata().getUid(), ctx.plan.specHash(), step, retry);
  }

  static String taskId(String taskArn) {
    return taskArn == null ? "?" : taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }
}
