package dev.slipway.scheduledtask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.SimClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Task;

/** One listing and one description per task serve every batch of a family. */
class FamilyTasksTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "ap-northeast-1";
  private static final AwsTarget TARGET = new AwsTarget(ACCOUNT, REGION, null);

  private final SimClock clock = SimClock.manual(Instant.parse("2026-12-05T00:00:00Z"));
  private final AwsSimulator aws =
      AwsSimulator.builder().clock(clock).defaultAccountId(ACCOUNT).throttling(false).build();
  private final EcsClient ecs = aws.ecs(TARGET);
  private final FamilyTasks family =
      new FamilyTasks(
          new EcsPort(
              aws, new AwsCalls(AwsResilienceSettings.defaults(), new SimpleMeterRegistry())));

  @Test
  void batchesOfOneFamilyShareAListingAndEachTaskIsDescribedOnce() {
    aws.createCluster(ACCOUNT, REGION, "core");
    String td =
        ecs.registerTaskDefinition(
                b ->
                    b.family("app")
                        .requiresCompatibilitiesWithStrings("FARGATE")
                        .networkMode("awsvpc")
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            ContainerDefinition.builder()
                                .name("app")
                                .image("repo/app:v1")
                                .command("sh", "-c", "sleep 30")
                                .build()))
            .taskDefinition()
            .taskDefinitionArn();
    BatchTask task = new BatchTask(TARGET, "core", td, "FARGATE", List.of(), null, null, Set.of());
    run(td, "slipway-batch:a.1");
    run(td, "slipway-batch:b.2");
    aws.resetCounters();

    Instant listed = clock.instant();
    List<Task> first = family.tasks(task, listed.minusSeconds(5), listed);
    clock.advance(Duration.ofSeconds(2));
    List<Task> second = family.tasks(task, listed, clock.instant());

    assertThat(first)
        .extracting(Task::group)
        .containsExactlyInAnyOrder("slipway-batch:a.1", "slipway-batch:b.2");
    assertThat(second).hasSize(2);
    // One listing (RUNNING and STOPPED, one page each) and one DescribeTasks for both batches.
    assertThat(aws.calls("ecs", "ListTasks").received()).isEqualTo(2);
    assertThat(aws.calls("ecs", "DescribeTasks").received()).isEqualTo(1);

    run(td, "slipway-batch:a.1");
    clock.advance(Duration.ofSeconds(1));
    List<Task> third = family.tasks(task, clock.instant(), clock.instant());

    // Listed again when the listing is older than the pass allows; only the new task described.
    assertThat(third).hasSize(3);
    assertThat(aws.calls("ecs", "ListTasks").received()).isEqualTo(4);
    assertThat(aws.calls("ecs", "DescribeTasks").received()).isEqualTo(2);
  }

  private void run(String td, String group) {
    ecs.runTask(
        b ->
            b.cluster("core")
                .taskDefinition(td)
                .group(group)
                .launchType("FARGATE")
                .networkConfiguration(
                    n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0a1b2c3d"))));
  }
}
