package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.RefreshSpec.PostStep;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.EcsPort;
import dev.slipway.release.ContentHash;
import dev.slipway.release.DesiredService;
import dev.slipway.release.ReleaseRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * One-off tasks (masking, migrations against production's schema) once every datastore is back, in
 * order, with the current task definition of one of the environment's services. Each runs once per
 * refresh run: its startedBy and clientToken derive from the run id, so after a crash the task is
 * found again rather than started twice. A non-zero exit code of an essential container, or a task
 * past its timeout, fails the run.
 */
final class PostSteps {
  static final String DATASTORE = "post";

  private final EcsPort ecs;
  private final Function<String, ServiceRelease> releaseOf;

  /** {@code releaseOf} finds the environment's ServiceRelease of a service name (or null). */
  PostSteps(EcsPort ecs, Function<String, ServiceRelease> releaseOf) {
    this.ecs = ecs;
    this.releaseOf = releaseOf;
  }

  List<NamedStep> steps(List<PostStep> posts) {
    List<NamedStep> steps = new ArrayList<>();
    if (posts == null) return steps;
    for (PostStep p : posts) {
      steps.add(new NamedStep(DATASTORE, "run:" + p.name, c -> run(c, p)));
      steps.add(new NamedStep(DATASTORE, "await:" + p.name, c -> await(c, p)));
    }
    return steps;
  }

  private StepResult run(RefreshContext c, PostStep p) {
    boolean datastoresBack =
        c.run().steps.stream()
            .filter(s -> !DATASTORE.equals(s.datastore))
            .allMatch(s -> "Done".equals(s.state));
    if (!datastoresBack) return StepResult.waiting("waiting for the datastores", c.pollAfter());
    ServiceRelease sr = releaseOf.apply(p.service);
    if (sr == null || sr.getStatus() == null || sr.getStatus().taskDefinitionArn == null) {
      return StepResult.failed(
          ErrorKind.FIX_AND_RETRY,
          "ServiceNotReleased",
          "post step " + p.name + ": service " + p.service + " has no task definition yet");
    }
    String cluster = sr.getSpec().cluster;
    String startedBy = startedBy(c, p);
    if (!ecs.listTasks(c.target(), cluster, startedBy).isEmpty()) {
      return StepResult.done("task of " + p.name + " was started by this run");
    }
    PreDeployTaskSpec task = new PreDeployTaskSpec();
    task.name = p.name;
    task.container = p.container;
    task.command = p.command;
    RunTaskResponse r =
        ecs.runTask(
            c.target(),
            ReleaseRequests.preDeployRunTask(
                sr,
                DesiredService.from(sr),
                task,
                sr.getStatus().taskDefinitionArn,
                startedBy,
                startedBy + "-" + c.ownerUid()));
    if (r.tasks().isEmpty()) {
      String why = r.failures().isEmpty() ? "no task returned" : r.failures().get(0).reason();
      return StepResult.failed(ErrorKind.WAIT_AND_RETRY, "RunTaskFailed", why);
    }
    return StepResult.done("started " + taskId(r.tasks().get(0).taskArn()));
  }

  private StepResult await(RefreshContext c, PostStep p) {
    ServiceRelease sr = releaseOf.apply(p.service);
    String cluster = sr.getSpec().cluster;
    List<String> arns = ecs.listTasks(c.target(), cluster, startedBy(c, p));
    Optional<Task> task = ecs.describeTasks(c.target(), cluster, arns).stream().findFirst();
    if (task.isEmpty()) {
      return StepResult.failed(
          ErrorKind.FATAL, "TaskNotFound", "the task of " + p.name + " is gone");
    }
    Task t = task.get();
    if (!"STOPPED".equals(t.lastStatus())) {
      Instant started = Instant.parse(c.step().startedAt);
      if (Duration.between(started, c.now()).toSeconds() > p.timeoutSeconds) {
        ecs.stopTask(c.target(), cluster, t.taskArn(), "Slipway: refresh post step timed out");
        return StepResult.failed(
            ErrorKind.FATAL,
            "PostStepTimedOut",
            p.name + " ran longer than " + p.timeoutSeconds + "s and was stopped");
      }
      return StepResult.waiting(p.name + " is " + t.lastStatus(), c.pollAfter());
    }
    for (Container container : t.containers()) {
      boolean essential =
          sr.getSpec().taskDefinition.containers.stream()
              .anyMatch(s -> s.name.equals(container.name()) && s.isEssential());
      if (essential && (container.exitCode() == null || container.exitCode() != 0)) {
        return StepResult.failed(
            ErrorKind.FATAL,
            "PostStepFailed",
            p.name
                + ": container "
                + container.name()
                + (container.exitCode() == null
                    ? " stopped without an exit code (" + t.stoppedReason() + ")"
                    : " exited with code " + container.exitCode()));
      }
    }
    return StepResult.done(p.name + " exited 0 (" + taskId(t.taskArn()) + ")");
  }

  /** Deterministic per run and step, within ECS's 36 characters. */
  private static String startedBy(RefreshContext c, PostStep p) {
    return "slipway-rf-" + ContentHash.of(c.ownerUid(), c.run().runId, p.name);
  }

  private static String taskId(String arn) {
    return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
