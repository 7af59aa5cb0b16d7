package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.FaultKind;
import dev.slipway.sandbox.sim.FaultRule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release engine under stress: an operator restarted mid-release, and AWS failing or throttling
 * 30 % of calls. Each test gets its own sandbox because faults are simulator-wide.
 */
class ResilienceIT {
  static final AwsTarget TARGET = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);
  Sandbox sandbox;

  @BeforeEach
  void start() {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void restartDuringMigrationAndRolloutConvergesWithoutDuplicates() {
    // A migration that runs 10 simulated minutes: long enough to stop the operator in the middle.
    ServiceRelease sr =
        Releases.withMigration(Releases.web("restart", "repo/app:v1"), "sh", "-c", "sleep 600");
    create(sr);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                phase("restart") == Phase.Progressing
                    && get("restart").getStatus().preDeploy.stream()
                        .anyMatch(r -> "Running".equals(r.state)));
    sandbox.stopOperator();
    sleep(Duration.ofSeconds(3));
    sandbox.startOperator();
    await().atMost(Duration.ofSeconds(60)).until(() -> ServiceReleaseIT.isSettled(get("restart")));
    assertThat(phase("restart")).isEqualTo(Phase.Ready);

    // Bump, and restart again while the service rolls out.
    edit("restart", "repo/app:v2");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("restart").getStatus().message.contains("rolling out restart:2"));
    sandbox.stopOperator();
    sleep(Duration.ofSeconds(2));
    sandbox.startOperator();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "repo/app:v2".equals(get("restart").getStatus().image)
                    && ServiceReleaseIT.isSettled(get("restart")));
    assertThat(phase("restart")).isEqualTo(Phase.Ready);

    assertThat(revisions("restart")).as("one revision per content").hasSize(2);
    assertThat(migrationTasks()).as("one migration task per release").hasSize(2);
    assertThat(sandbox.aws().inventory(Releases.ACCOUNT, Releases.REGION).services())
        .filteredOn(s -> s.name().equals("restart"))
        .hasSize(1);
  }

  @Test
  void convergesWhileAwsFailsOrThrottlesThirtyPercentOfCalls() {
    var faults = sandbox.aws().faults();
    faults.set("*", FaultRule.errors(0.3, FaultKind.SERVICE_UNAVAILABLE));
    faults.set("ecs:DescribeServices", FaultRule.errors(0.3, FaultKind.THROTTLING));
    faults.set("ecs:UpdateService", FaultRule.errors(0.3, FaultKind.THROTTLING));
    faults.set("ecs:DescribeTasks", FaultRule.errors(0.3, FaultKind.THROTTLING));
    // Lost responses: the write happens but the caller sees a 500 and retries. Idempotency
    // tokens must make the retry harmless.
    faults.set("ecs:CreateService", new FaultRule(0.15, FaultKind.INTERNAL_FAILURE, 0, 0.15));
    faults.set("ecs:RunTask", new FaultRule(0.15, FaultKind.INTERNAL_FAILURE, 0, 0.15));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String name = "flaky-" + i;
      names.add(name);
      create(Releases.withMigration(Releases.web(name, "repo/app:v1"), "bin/rails", "db:migrate"));
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                assertThat(names)
                    .allSatisfy(
                        n ->
                            assertThat(phase(n)).as(n + ": " + message(n)).isEqualTo(Phase.Ready)));
    for (String n : names) edit(n, "repo/app:v2");
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () ->
                assertThat(names)
                    .allSatisfy(
                        n -> {
                          assertThat(get(n).getStatus().image).isEqualTo("repo/app:v2");
                          assertThat(phase(n)).as(n + ": " + message(n)).isEqualTo(Phase.Ready);
                        }));
    faults.clear();
    var inventory = sandbox.aws().inventory(Releases.ACCOUNT, Releases.REGION);
    for (String n : names) {
      assertThat(inventory.services())
          .filteredOn(s -> s.name().equals(n))
          .singleElement()
          .satisfies(
              s -> assertThat(s.taskDefinition()).isEqualTo(get(n).getStatus().taskDefinitionArn));
    }
    assertThat(migrationTasks())
        .as("one migration per release despite lost RunTask responses")
        .hasSize(names.size() * 2);
    assertThat(sandbox.aws().calls("ecs", "DescribeServices").faulted()).isPositive();
  }

  void create(ServiceRelease sr) {
    SandboxReleases.create(sandbox, sr);
  }

  void edit(String name, String image) {
    SandboxReleases.editImage(sandbox, name, image);
  }

  ServiceRelease get(String name) {
    return SandboxReleases.get(sandbox, name);
  }

  String message(String name) {
    ServiceRelease sr = get(name);
    return sr == null || sr.getStatus() == null ? "no status yet" : sr.getStatus().message;
  }

  Phase phase(String name) {
    return SandboxReleases.phase(sandbox, name);
  }

  List<String> revisions(String family) {
    return SandboxReleases.revisions(sandbox, family);
  }

  /** One-off tasks Slipway started (running or stopped), across all releases. */
  List<String> migrationTasks() {
    return SandboxReleases.slipwayTasks(sandbox.aws(), TARGET, "core").stream()
        .map(t -> t.taskArn())
        .toList();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
