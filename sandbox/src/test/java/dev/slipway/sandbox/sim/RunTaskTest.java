package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Task;

/** Simulated one-off tasks: exit codes from the command, start failures, clientToken. */
class RunTaskTest {
  private final SimFixture f = new SimFixture();

  private Task run(String td, String startedBy, String token, String... command) {
    RunTaskRequest.Builder b =
        RunTaskRequest.builder()
            .cluster(SimFixture.CLUSTER)
            .taskDefinition(td)
            .startedBy(startedBy)
            .clientToken(token);
    if (command.length > 0) {
      b.overrides(o -> o.containerOverrides(c -> c.name("app").command(command)));
    }
    return f.ecs.runTask(b.build()).tasks().get(0);
  }

  private Task describe(String arn) {
    return f.ecs.describeTasks(r -> r.cluster(SimFixture.CLUSTER).tasks(arn)).tasks().get(0);
  }

  @Test
  void exitCodeComesFromTheCommand() {
    String td = f.register("jobs", "app:1");
    Task t = run(td, "migrate", null, "sh", "-c", "./migrate && exit 3");
    assertThat(t.lastStatus()).isEqualTo("PROVISIONING");
    assertThat(t.group()).isEqualTo("family:jobs");
    assertThat(t.taskArn()).matches("arn:aws:ecs:eu-west-1:111122223333:task/apps/[0-9a-f]{32}");
    f.advance(Duration.ofSeconds(30));
    assertThat(describe(t.taskArn()).lastStatus()).isEqualTo("RUNNING");
    f.advance(Duration.ofSeconds(30));
    Task done = describe(t.taskArn());
    assertThat(done.lastStatus()).isEqualTo("STOPPED");
    assertThat(done.stopCodeAsString()).isEqualTo("EssentialContainerExited");
    assertThat(done.containers().get(0).exitCode()).isEqualTo(3);
    assertThat(done.stoppedAt()).isAfter(done.startedAt());
  }

  @Test
  void sleepDecidesHowLongATaskRunsAndTaskDefinitionCommandIsTheDefault() {
    String td = f.register("jobs", "app:1", "sleep", "120");
    Task t = run(td, "batch", null);
    f.advance(Duration.ofSeconds(100));
    assertThat(describe(t.taskArn()).lastStatus()).isEqualTo("RUNNING");
    f.advance(Duration.ofSeconds(60));
    Task done = describe(t.taskArn());
    assertThat(done.lastStatus()).isEqualTo("STOPPED");
    assertThat(done.containers().get(0).exitCode()).isZero();
  }

  @Test
  void pullFailureStopsTaskBeforeItRuns() {
    Task t = run(f.register("jobs", "repo/app:9-pullfail"), "x", null);
    f.advance(Duration.ofMinutes(1));
    Task done = describe(t.taskArn());
    assertThat(done.lastStatus()).isEqualTo("STOPPED");
    assertThat(done.stopCodeAsString()).isEqualTo("TaskFailedToStart");
    assertThat(done.stoppedReason()).startsWith("CannotPullContainerError:");
    assertThat(done.startedAt()).isNull();
    assertThat(done.containers().get(0).exitCode()).isNull();
  }

  @Test
  void sameClientTokenReturnsTheSameTaskWithoutStartingAnother() {
    String td = f.register("jobs", "app:1");
    Task first = run(td, "deploy-42", "token-1");
    Task second = run(td, "deploy-42", "token-1");
    assertThat(second.taskArn()).isEqualTo(first.taskArn());
    Task other = run(td, "deploy-42", "token-2");
    assertThat(other.taskArn()).isNotEqualTo(first.taskArn());
    assertThat(
            f.ecs.listTasks(r -> r.cluster(SimFixture.CLUSTER).startedBy("deploy-42")).taskArns())
        .hasSize(2);
  }

  @Test
  void listTasksByStartedByIncludesStoppedTasks() {
    String td = f.register("jobs", "app:1");
    Task a = run(td, "release-7", null, "exit", "0");
    f.advance(Duration.ofMinutes(2));
    Task b = run(td, "release-7", null);
    run(td, "someone-else", null);
    var running = f.ecs.listTasks(r -> r.cluster(SimFixture.CLUSTER).startedBy("release-7"));
    var stopped =
        f.ecs.listTasks(
            r -> r.cluster(SimFixture.CLUSTER).startedBy("release-7").desiredStatus("STOPPED"));
    assertThat(running.taskArns()).containsExactly(b.taskArn());
    assertThat(stopped.taskArns()).containsExactly(a.taskArn());
    assertThat(f.ecs.listTasks(r -> r.cluster(SimFixture.CLUSTER).family("jobs")).taskArns())
        .hasSize(2);
  }

  @Test
  void stopTaskIsUserInitiated() {
    Task t = run(f.register("jobs", "app:1", "sleep", "3600"), "x", null);
    f.advance(Duration.ofMinutes(1));
    f.ecs.stopTask(r -> r.cluster(SimFixture.CLUSTER).task(t.taskArn()).reason("cancelled"));
    f.advance(Duration.ofMinutes(1));
    Task done = describe(t.taskArn());
    assertThat(done.lastStatus()).isEqualTo("STOPPED");
    assertThat(done.stopCodeAsString()).isEqualTo("UserInitiated");
    assertThat(done.stoppedReason()).isEqualTo("cancelled");
  }

  @Test
  void validatesCountStartedByAndMissingTasks() {
    String td = f.register("jobs", "app:1");
    assertThatThrownBy(
            () -> f.ecs.runTask(r -> r.cluster(SimFixture.CLUSTER).taskDefinition(td).count(11)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () ->
                f.ecs.runTask(
                    r ->
                        r.cluster(SimFixture.CLUSTER).taskDefinition(td).startedBy("x".repeat(37))))
        .isInstanceOf(InvalidParameterException.class);
    var resp =
        f.ecs.describeTasks(
            r -> r.cluster(SimFixture.CLUSTER).tasks("0123456789abcdef0123456789abcdef"));
    assertThat(resp.tasks()).isEmpty();
    assertThat(resp.failures())
        .singleElement()
        .satisfies(x -> assertThat(x.reason()).isEqualTo("MISSING"));
    assertThat(
            f.ecs.runTask(r -> r.cluster(SimFixture.CLUSTER).taskDefinition(td).count(3)).tasks())
        .hasSize(3);
  }
}
