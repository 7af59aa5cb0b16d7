package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.Inventory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The release engine end to end, in-process: the operator on the embedded Kubernetes API against
 * the AWS simulator (60 simulated seconds per real second).
 */
class ServiceReleaseIT {
  static final AwsTarget TARGET = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);
  static Sandbox sandbox;

  @BeforeAll
  static void start() {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void createsServiceAndBecomesReady() {
    ServiceRelease sr = apply(Releases.web("create-ready", "repo/app:v1"));
    ServiceRelease ready = awaitPhase(sr, Phase.Ready);
    assertThat(ready.getStatus().taskDefinitionArn).endsWith("task-definition/create-ready:1");
    assertThat(ready.getStatus().lastGoodTaskDefinitionArn)
        .isEqualTo(ready.getStatus().taskDefinitionArn);
    assertThat(ready.getStatus().replicas).isEqualTo("2/2");
    assertThat(ready.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(service("create-ready").taskDefinition())
        .isEqualTo(ready.getStatus().taskDefinitionArn);
  }

  @Test
  void imageBumpRegistersExactlyOneRevisionAndReapplyWritesNothing() {
    ServiceRelease sr = apply(Releases.web("bump", "repo/app:v1"));
    awaitPhase(sr, Phase.Ready);
    ServiceRelease v2 = Releases.web("bump", "repo/app:v2");
    apply(v2);
    ServiceRelease ready = awaitRelease("bump", "repo/app:v2", Phase.Ready);
    assertThat(revisions("bump")).as("exactly one new revision").hasSize(2);
    assertThat(ready.getStatus().taskDefinitionArn).endsWith("bump:2");
    assertThat(ready.getStatus().history).hasSize(2);
    assertThat(ready.getStatus().history.get(0).result).isEqualTo("Succeeded");

    List<String> deployments = deploymentIds("bump");
    long generation = ready.getMetadata().getGeneration();
    // Same content, different map order and an unrelated label: nothing to do in AWS.
    ServiceRelease same = Releases.web("bump", "repo/app:v2");
    same.getMetadata().setLabels(java.util.Map.of("touched", "yes"));
    apply(same);
    sleep(Duration.ofSeconds(3));
    assertThat(revisions("bump")).hasSize(2);
    assertThat(deploymentIds("bump")).isEqualTo(deployments);
    assertThat(get("bump").getStatus().phase).isEqualTo(Phase.Ready);
    assertThat(get("bump").getMetadata().getGeneration()).isEqualTo(generation);
  }

  @Test
  void crashloopIsRolledBackByTheCircuitBreakerAndNotPushedAgain() {
    ServiceRelease sr = apply(Releases.web("crash", "repo/app:v1"));
    String good = awaitPhase(sr, Phase.Ready).getStatus().taskDefinitionArn;
    apply(Releases.web("crash", "repo/app:v2-crashloop"));
    ServiceRelease rolledBack = awaitRelease("crash", "repo/app:v2-crashloop", Phase.RolledBack);
    assertThat(rolledBack.getStatus().message).contains("rolled back");
    assertThat(rolledBack.getStatus().lastGoodTaskDefinitionArn).isEqualTo(good);
    assertThat(rolledBack.getStatus().history.get(0).result).isEqualTo("RolledBack");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(service("crash").taskDefinition()).isEqualTo(good));

    await().atMost(Duration.ofSeconds(30)).until(() -> service("crash").deployments().size() == 1);
    List<String> deployments = deploymentIds("crash");
    sleep(Duration.ofSeconds(6)); // three resyncs
    assertThat(deploymentIds("crash"))
        .as("failed spec must not be re-pushed")
        .isEqualTo(deployments);
    assertThat(service("crash").taskDefinition()).isEqualTo(good);

    // The retry annotation pushes the same spec once more; it fails the same way.
    String crashing = rolledBack.getStatus().taskDefinitionArn;
    resource("crash")
        .edit(
            r -> {
              r.getMetadata().setAnnotations(java.util.Map.of("slipway.dev/retry", "1"));
              return r;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                service("crash").deployments().stream()
                    .anyMatch(
                        d -> crashing.equals(d.taskDefinition()) && !deployments.contains(d.id())));
    ServiceRelease retried = awaitRelease("crash", "repo/app:v2-crashloop", Phase.RolledBack);
    assertThat(retried.getStatus().retryAcknowledged).isEqualTo("1");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(service("crash").taskDefinition()).isEqualTo(good));
    assertThat(events("crash")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Retrying"));
  }

  @Test
  void progressDeadlineRollsBackToLastGood() {
    ServiceRelease sr = apply(Releases.web("slow", "repo/app:v1"));
    String good = awaitPhase(sr, Phase.Ready).getStatus().taskDefinitionArn;
    ServiceRelease slow = Releases.web("slow", "repo/app:v2-slow");
    slow.getSpec().strategy.progressDeadlineSeconds = 120;
    apply(slow);
    ServiceRelease rolledBack = awaitRelease("slow", "repo/app:v2-slow", Phase.RolledBack);
    assertThat(rolledBack.getStatus().message)
        .contains("progress deadline of 120s exceeded")
        .contains("rolled back");
    assertThat(service("slow").taskDefinition()).isEqualTo(good);
    assertThat(events("slow"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ProgressDeadlineExceeded"));
  }

  @Test
  void failingMigrationFailsWithoutTouchingTheServiceAndIsNotRerun() {
    ServiceRelease sr = apply(Releases.web("migrate-fail", "repo/app:v1"));
    String good = awaitPhase(sr, Phase.Ready).getStatus().taskDefinitionArn;
    List<String> deployments = deploymentIds("migrate-fail");
    apply(
        Releases.withMigration(
            Releases.web("migrate-fail", "repo/app:v2"),
            "sh",
            "-c",
            "bin/rails db:migrate && exit 1"));
    ServiceRelease failed = awaitRelease("migrate-fail", "repo/app:v2", Phase.Failed);
    assertThat(failed.getStatus().message)
        .contains("pre-deploy task migrate failed")
        .contains("exited with code 1")
        .contains("container app");
    assertThat(failed.getStatus().preDeploy.get(0).exitCode).isEqualTo(1);
    long runs = calls("RunTask");
    sleep(Duration.ofSeconds(5));
    assertThat(calls("RunTask")).as("migration not re-run").isEqualTo(runs);
    assertThat(deploymentIds("migrate-fail")).as("service untouched").isEqualTo(deployments);
    assertThat(service("migrate-fail").taskDefinition()).isEqualTo(good);
  }

  @Test
  void successfulMigrationRunsOnceThenReleases() {
    ServiceRelease sr =
        apply(
            Releases.withMigration(
                Releases.web("migrate-ok", "repo/app:v1"), "bin/rails", "db:migrate"));
    ServiceRelease ready = awaitPhase(sr, Phase.Ready);
    assertThat(ready.getStatus().preDeploy)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state).isEqualTo("Succeeded");
              assertThat(r.exitCode).isZero();
            });
  }

  @Test
  void wrongAccountIsRefusedWithZeroWrites() {
    ServiceRelease sr = Releases.web("wrong-account", "repo/app:v1");
    sr.getSpec().aws.accountId = "210987654321";
    apply(sr);
    ServiceRelease failed = awaitPhase(sr, Phase.Failed);
    assertThat(failed.getStatus().message).contains("210987654321").contains("123456789012");
    assertThat(failed.getStatus().conditions)
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("WrongAccount"));
    assertNothingCreated("wrong-account");
  }

  @Test
  void invalidSpecIsRejectedWithoutTouchingAws() {
    ServiceRelease sr = Releases.web("invalid", "repo/app:v1");
    sr.getSpec().taskDefinition.containers.get(0).essential = false;
    sr.getSpec().strategy.type = dev.slipway.api.v1alpha1.StrategySpec.Type.Canary;
    // The CRD's rules refuse this at the API; an object stored before a CRD was tightened (or on
    // a cluster that does not enforce CEL) still reaches the operator, whose own check is tested.
    sandbox.api().setAdmission(false);
    try {
      apply(sr);
    } finally {
      sandbox.api().setAdmission(true);
    }
    ServiceRelease failed = awaitPhase(sr, Phase.Failed);
    assertThat(failed.getStatus().message)
        .contains("at least one container must be essential")
        .contains("strategy.traffic: required for BlueGreen, Canary, Linear and Weighted")
        .contains("strategy.canary.percent: required for type Canary");
    assertNothingCreated("invalid");
  }

  @Test
  void driftIsCorrectedWithAnEvent() {
    ServiceRelease sr = apply(Releases.web("drift", "repo/app:v1"));
    String good = awaitPhase(sr, Phase.Ready).getStatus().taskDefinitionArn;
    // Someone deploys another revision and scales the service by hand.
    var ecs = sandbox.aws().ecs(TARGET);
    String other =
        ecs.registerTaskDefinition(
                b ->
                    b.family("drift")
                        .networkMode("awsvpc")
                        .requiresCompatibilitiesWithStrings("FARGATE")
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(c -> c.name("app").image("repo/app:hotfix")))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.updateService(
        b -> b.cluster("core").service("drift").taskDefinition(other).desiredCount(5));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(service("drift").taskDefinition()).isEqualTo(good);
              assertThat(service("drift").desiredCount()).isEqualTo(2);
            });
    // The event follows the correcting write: wait for it rather than race it.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events("drift"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("DriftCorrected");
                          assertThat(e.getMessage())
                              .contains("taskDefinition")
                              .contains("desiredCount 5 → 2");
                        }));
  }

  @Test
  void unmanagedServiceConflictsUntilAdopted() {
    var ecs = sandbox.aws().ecs(TARGET);
    String td =
        ecs.registerTaskDefinition(
                b ->
                    b.family("legacy")
                        .containerDefinitions(c -> c.name("app").image("repo/legacy:1")))
            .taskDefinition()
            .taskDefinitionArn();
    ecs.createService(
        b -> b.cluster("core").serviceName("legacy").taskDefinition(td).desiredCount(1));
    long writes = writes();
    ServiceRelease sr = apply(Releases.web("legacy", "repo/legacy:2"));
    ServiceRelease conflict = awaitPhase(sr, Phase.Failed);
    assertThat(conflict.getStatus().conditions)
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Conflict"));
    assertThat(conflict.getStatus().message).contains("slipway.dev/adopt");
    assertThat(service("legacy").taskDefinition()).isEqualTo(td);
    assertThat(writes() - writes)
        .as("only the task definition is registered before the conflict is seen")
        .isLessThanOrEqualTo(1);

    resource("legacy")
        .edit(
            r -> {
              r.getMetadata().getAnnotations().put("slipway.dev/adopt", "true");
              r.getSpec().taskDefinition.containers.get(0).image = "repo/legacy:3";
              return r;
            });
    ServiceRelease adopted = awaitRelease("legacy", "repo/legacy:3", Phase.Ready);
    assertThat(service("legacy").taskDefinition()).isEqualTo(adopted.getStatus().taskDefinitionArn);
    assertThat(events("legacy")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Adopted"));
  }

  @Test
  void deleteRetainLeavesTheServiceAndDeleteRemovesIt() {
    ServiceRelease kept = apply(Releases.web("keep", "repo/app:v1"));
    ServiceRelease gone = Releases.web("remove", "repo/app:v1");
    gone.getSpec().deletionPolicy = DeletionPolicy.Delete;
    apply(gone);
    awaitPhase(kept, Phase.Ready);
    awaitPhase(gone, Phase.Ready);
    resource("keep").delete();
    resource("remove").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> resource("keep").get() == null && resource("remove").get() == null);
    Inventory inv = sandbox.aws().inventory(Releases.ACCOUNT, Releases.REGION);
    assertThat(inv.services()).anySatisfy(s -> assertThat(s.name()).isEqualTo("keep"));
    assertThat(inv.services()).noneSatisfy(s -> assertThat(s.name()).isEqualTo("remove"));
    assertThat(inv.taskDefinitions()).noneMatch(arn -> arn.contains("task-definition/remove:"));
    assertThat(inv.taskDefinitions()).anyMatch(arn -> arn.contains("task-definition/keep:"));
  }

  // --- helpers -------------------------------------------------------------------------------

  static ServiceRelease apply(ServiceRelease sr) {
    Resource<ServiceRelease> r = resource(sr.getMetadata().getName());
    if (r.get() == null)
      return sandbox
          .client()
          .resources(ServiceRelease.class)
          .inNamespace("default")
          .resource(sr)
          .create();
    return r.edit(
        existing -> {
          existing.setSpec(sr.getSpec());
          if (sr.getMetadata().getLabels() != null)
            existing.getMetadata().setLabels(sr.getMetadata().getLabels());
          return existing;
        });
  }

  static Resource<ServiceRelease> resource(String name) {
    return sandbox.client().resources(ServiceRelease.class).inNamespace("default").withName(name);
  }

  static ServiceRelease get(String name) {
    return resource(name).get();
  }

  static ServiceRelease awaitPhase(ServiceRelease sr, Phase phase) {
    return awaitRelease(sr.getMetadata().getName(), null, phase);
  }

  /**
   * Waits until the resource reports {@code phase} for its current generation (and, if given, for a
   * spec asking for {@code image}: the desired image, which a rollback does not change).
   */
  static ServiceRelease awaitRelease(String name, String image, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ServiceRelease c = get(name);
              assertThat(c).as(name).isNotNull();
              assertThat(c.getStatus()).as("status of " + name).isNotNull();
              boolean current =
                  c.getMetadata().getGeneration().equals(c.getStatus().observedGeneration)
                      && (image == null || image.equals(c.getStatus().desiredImage));
              assertThat(current && c.getStatus().phase == phase)
                  .as(
                      "%s should be %s for %s; is %s (generation %s, observed %s, desired %s): %s",
                      name,
                      phase,
                      image,
                      c.getStatus().phase,
                      c.getMetadata().getGeneration(),
                      c.getStatus().observedGeneration,
                      c.getStatus().desiredImage,
                      c.getStatus().message)
                  .isTrue();
            });
    return get(name);
  }

  static boolean isSettled(ServiceRelease sr) {
    return sr != null && Sandbox.isSettled(sr);
  }

  static Service service(String name) {
    return sandbox
        .aws()
        .ecs(TARGET)
        .describeServices(b -> b.cluster("core").services(name))
        .services()
        .get(0);
  }

  static List<String> deploymentIds(String name) {
    return service(name).deployments().stream().map(d -> d.id()).toList();
  }

  static List<String> revisions(String family) {
    return sandbox.aws().inventory(Releases.ACCOUNT, Releases.REGION).taskDefinitions().stream()
        .filter(arn -> arn.contains("task-definition/" + family + ":"))
        .toList();
  }

  static void assertNothingCreated(String name) {
    Inventory inv = sandbox.aws().inventory(Releases.ACCOUNT, Releases.REGION);
    assertThat(inv.services()).noneSatisfy(s -> assertThat(s.name()).isEqualTo(name));
    assertThat(inv.taskDefinitions())
        .noneMatch(arn -> arn.contains("task-definition/" + name + ":"));
  }

  static long calls(String operation) {
    return sandbox.aws().calls("ecs", operation).received();
  }

  /** ECS writes received by the simulator. */
  static long writes() {
    return List.of(
            "RegisterTaskDefinition",
            "CreateService",
            "UpdateService",
            "DeleteService",
            "RunTask",
            "TagResource")
        .stream()
        .mapToLong(ServiceReleaseIT::calls)
        .sum();
  }

  static List<Event> events(String name) {
    return sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
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
