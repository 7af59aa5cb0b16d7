package dev.slipway.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DependencyRef;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.environment.Environments;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.release.Releases;
import dev.slipway.release.SandboxReleases;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.scheduledtask.Batches;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives real ServiceReleases, StagingEnvironments and ScheduledTasks into the phases Argo CD must
 * tell apart (the operator in-process on the AWS simulator), runs the health scripts on each live
 * object, and writes the objects to target/argocd-fixtures/ so the committed fixtures of {@link
 * ArgoHealthLuaTest} can be refreshed from a real run (see docs/argocd.md).
 */
class ArgoHealthFixturesIT {
  static final Path OUT = Path.of("target/argocd-fixtures");
  static final Duration WAIT = Duration.ofSeconds(45);
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static Sandbox sandbox;
  static String lb;

  @BeforeAll
  static void start() throws IOException {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    lb = sandbox.aws().createLoadBalancer(Sandbox.ACCOUNT, Sandbox.REGION, "argo");
    sandbox.client().resource(Environments.adminSecret(Engine.mysql)).createOr(c -> c.update());
    Files.createDirectories(OUT);
  }

  @AfterAll
  static void stop() {
    // Branch environments own schemas and Redis keys on the machine's servers: give them back.
    for (StagingEnvironment env : Environments.all(sandbox)) {
      if (env.isBranch()) sandbox.client().resource(env).delete();
    }
    await()
        .atMost(WAIT)
        .until(() -> Environments.all(sandbox).stream().noneMatch(StagingEnvironment::isBranch));
    sandbox.close();
  }

  @Test
  void everyPhaseGetsTheArgoHealthItMeans() {
    // Everything starts at once so the simulated rollouts overlap.
    ServiceRelease crashing = Releases.web("argo-rolled-back", "repo/app:v1");
    List.of(
            Releases.web("argo-ready", "repo/app:v1"),
            slow(Releases.web("argo-progressing", "repo/app:v1-slow")),
            dependsOnMissing(Releases.web("argo-pending", "repo/app:v1")),
            Releases.withMigration(
                Releases.web("argo-migrate-failed", "repo/app:v1"),
                "sh",
                "-c",
                "bin/rails db:migrate && exit 1"),
            crashing,
            suspended(Releases.web("argo-suspended", "repo/app:v1")),
            Releases.web("argo-batch-app", "repo/app:v1"),
            Releases.web("argo-batch-nap", "repo/app:v1"))
        .forEach(sr -> SandboxReleases.create(sandbox, sr));
    // The CRD refuses this spec at the API; one stored before the CRD was tightened still reaches
    // the operator, which reports it Invalid: that status is what Argo CD must read.
    sandbox.api().setAdmission(false);
    try {
      SandboxReleases.create(sandbox, invalid(Releases.web("argo-invalid", "repo/app:v1")));
    } finally {
      sandbox.api().setAdmission(true);
    }
    create(Environments.sharedPort("argo", Engine.mysql, lb, 10800, 10809));
    create(broken(Environments.sharedPort("argofail", Engine.mysql, lb, 10810, 10819)));
    create(Environments.branch("argo-qa-ready", "argo", "qa/ready", "v1"));
    create(Environments.branch("argo-qa-slow", "argo", "qa/slow", "v1-slow"));
    create(Environments.branch("argo-main", "argo", "main", "v1"));
    create(Environments.branch("argofail-qa-x", "argofail", "qa/x", "v1"));
    create(asleep(Environments.sharedPort("argonap", Engine.mysql, lb, 10820, 10829)));
    // Batches every 5 simulated minutes (5 s here): one that succeeds, one whose runs exit 1, one
    // on a release that never completes a rollout, one suspended, one whose release will sleep,
    // one with a zone that does not exist, and one whose schedule name someone else holds.
    ScheduledTask conflicting = batch("argo-st-conflict", "argo-batch-app", "exit 0");
    Batches.occupyScheduleName(sandbox, conflicting);
    List.of(
            batch("argo-st-scheduled", "argo-batch-app", "sleep 60; exit 0"),
            batch("argo-st-run-failed", "argo-batch-app", "sleep 10; exit 1"),
            batch("argo-st-pending", "argo-migrate-failed", "exit 0"),
            suspended(batch("argo-st-suspended", "argo-batch-app", "exit 0")),
            batch("argo-st-sleeping", "argo-batch-nap", "exit 0"),
            unknownZone(batch("argo-st-invalid", "argo-batch-app", "exit 0")),
            conflicting)
        .forEach(ArgoHealthFixturesIT::create);

    capture(
        "sr-progressing",
        release("argo-progressing"),
        phase("Progressing"),
        "Progressing",
        "RolloutInProgress: rolling out argo-progressing:1");
    capture(
        "sr-pending",
        release("argo-pending"),
        phase("Pending"),
        "Progressing",
        "WaitingForDependency: waiting for argo-db (not found)");
    capture("sr-ready", release("argo-ready"), phase("Ready"), "Healthy", "completed");
    capture(
        "sr-failed-predeploy",
        release("argo-migrate-failed"),
        phase("Failed"),
        "Degraded",
        "PreDeployFailed: pre-deploy task migrate failed");
    assertThat(ArgoHealth.evaluate(release("argo-migrate-failed").get()).message())
        .contains("exited with code 1");
    capture("sr-suspended", release("argo-suspended"), phase("Suspended"), "Suspended", "suspend");
    capture(
        "sr-invalid",
        release("argo-invalid"),
        phase("Failed"),
        "Degraded",
        "Invalid: invalid spec: taskDefinition.containers: at least one container must be essential");
    capture(
        "env-provisioning",
        environment("argo-qa-slow"),
        phase("Provisioning"),
        "Progressing",
        "services to be Ready");
    capture("env-shared-ready", environment("argo"), phase("Ready"), "Healthy", "branch");
    capture(
        "env-branch-ready",
        environment("argo-qa-ready"),
        phase("Ready"),
        "Healthy",
        "all 1 services are Ready at http://");
    capture(
        "env-invalid",
        environment("argo-main"),
        phase("Failed"),
        "Degraded",
        "Invalid: branch main does not match branches.match");
    capture(
        "env-service-failed",
        environment("argofail-qa-x"),
        phase("Failed"),
        "Degraded",
        "ServiceFailed: service web: pre-deploy task migrate failed");

    capture(
        "env-sleeping",
        environment("argonap"),
        phase("Sleeping"),
        "Suspended",
        "Asleep: asleep (holiday");
    capture(
        "sr-sleeping",
        release("argonap-web"),
        phase("Sleeping"),
        "Suspended",
        "asleep: no ECS service yet");

    captureScheduledTasks();

    // A good revision first, so the circuit breaker has something to roll back to.
    awaitState(release("argo-rolled-back"), phase("Ready"));
    SandboxReleases.editImage(sandbox, "argo-rolled-back", "repo/app:v2-crashloop");
    capture(
        "sr-rolled-back",
        release("argo-rolled-back"),
        phase("RolledBack"),
        "Degraded",
        "rolled back");

    // Last: a day later every branch environment's TTL (24h) has passed.
    sandbox.aws().clock().advance(Duration.ofHours(25));
    capture(
        "env-expired",
        environment("argo-qa-ready"),
        reason("Expired"),
        "Suspended",
        "Expired: no spec change for 24h");
  }

  /**
   * A failed run is the batch's business, not the resource's health: Healthy, with the result in
   * the message (docs/argocd.md says why).
   */
  private static void captureScheduledTasks() {
    capture(
        "st-scheduled",
        scheduledTask("argo-st-scheduled"),
        phase("Scheduled").and(lastResult("Succeeded")),
        "Healthy",
        "next run ");
    capture(
        "st-last-run-failed",
        scheduledTask("argo-st-run-failed"),
        phase("Scheduled").and(lastResult("Failed")),
        "Healthy",
        "; last run Failed (no success yet)");
    capture(
        "st-pending",
        scheduledTask("argo-st-pending"),
        phase("Pending"),
        "Progressing",
        "WaitingForRelease: waiting for ServiceRelease argo-migrate-failed to complete a rollout");
    capture(
        "st-suspended",
        scheduledTask("argo-st-suspended"),
        phase("Suspended"),
        "Suspended",
        "suspended: no run starts");
    capture(
        "st-invalid",
        scheduledTask("argo-st-invalid"),
        phase("Invalid"),
        "Degraded",
        "Invalid: invalid spec: timeZone:");
    capture(
        "st-schedule-conflict",
        scheduledTask("argo-st-conflict"),
        phase("Failed"),
        "Degraded",
        "ScheduleConflict: EventBridge schedule default/slipway-default.argo-st-conflict-");
    awaitState(scheduledTask("argo-st-sleeping"), phase("Scheduled"));
    sleep("argo-batch-nap");
    capture(
        "st-sleeping",
        scheduledTask("argo-st-sleeping"),
        phase("Sleeping"),
        "Suspended",
        "sleeping with ServiceRelease argo-batch-nap: no run starts");
    // Gone before the clock jumps a day, which would otherwise start a day of runs at once.
    sandbox.client().resources(ScheduledTask.class).inNamespace(Environments.NAMESPACE).delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                sandbox
                    .client()
                    .resources(ScheduledTask.class)
                    .inNamespace(Environments.NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  // --- resources ---------------------------------------------------------------------------

  private static ServiceRelease slow(ServiceRelease sr) {
    // Tasks of a -slow image take 30 simulated minutes to turn healthy; keep it from failing.
    sr.getSpec().strategy.progressDeadlineSeconds = 7200;
    return sr;
  }

  private static ServiceRelease dependsOnMissing(ServiceRelease sr) {
    DependencyRef db = new DependencyRef();
    db.name = "argo-db";
    sr.getSpec().dependsOn.add(db);
    return sr;
  }

  private static ServiceRelease suspended(ServiceRelease sr) {
    sr.getSpec().suspend = true;
    return sr;
  }

  private static ScheduledTask batch(String name, String release, String shell) {
    return Batches.batch(name, release, "rate(5 minutes)", shell);
  }

  private static ScheduledTask suspended(ScheduledTask st) {
    st.getSpec().suspend = true;
    return st;
  }

  /** Passes the CRD schema (which leaves zones to the operator) but not Slipway's validator. */
  private static ScheduledTask unknownZone(ScheduledTask st) {
    st.getSpec().timeZone = "Mars/Olympus";
    return st;
  }

  /** What a StagingEnvironment's schedule does to its releases when it falls asleep. */
  private static void sleep(String release) {
    sandbox
        .client()
        .resources(ServiceRelease.class)
        .inNamespace(Environments.NAMESPACE)
        .withName(release)
        .edit(
            r -> {
              Map<String, String> annotations =
                  r.getMetadata().getAnnotations() == null
                      ? new HashMap<>()
                      : new HashMap<>(r.getMetadata().getAnnotations());
              annotations.put(ServiceRelease.SLEEP_ANNOTATION, "true");
              r.getMetadata().setAnnotations(annotations);
              return r;
            });
  }

  /** Passes the CRD schema but not Slipway's own validator. */
  private static ServiceRelease invalid(ServiceRelease sr) {
    sr.getSpec().taskDefinition.containers.get(0).essential = false;
    return sr;
  }

  /** A schedule whose every day around now is a holiday: asleep for the whole run. */
  private static StagingEnvironment asleep(StagingEnvironment shared) {
    ScheduleSpec schedule = new ScheduleSpec();
    schedule.timeZone = "UTC";
    ScheduleSpec.AwakeWindow always = new ScheduleSpec.AwakeWindow();
    always.days = "Mon-Sun";
    always.from = "00:00";
    always.to = "24:00";
    schedule.awake = List.of(always);
    LocalDate today = LocalDate.ofInstant(sandbox.aws().clock().instant(), ZoneOffset.UTC);
    schedule.holidays =
        List.of(today.minusDays(1).toString(), today.toString(), today.plusDays(1).toString());
    shared.getSpec().schedule = schedule;
    return shared;
  }

  private static StagingEnvironment broken(StagingEnvironment shared) {
    shared.getSpec().branches.migrate.command = List.of("sh", "-c", "bin/rails db:prepare; exit 3");
    return shared;
  }

  private static void create(StagingEnvironment env) {
    sandbox.client().resource(env).create();
  }

  private static void create(ScheduledTask st) {
    sandbox.client().resource(st).create();
  }

  // --- capture -----------------------------------------------------------------------------

  /** Where to read a live object from, as the API server returns it (no typed round trip). */
  private record Live(String kind, String name) {
    JsonNode get() {
      GenericKubernetesResource r =
          sandbox
              .client()
              .genericKubernetesResources("slipway.dev/v1alpha1", kind)
              .inNamespace(Environments.NAMESPACE)
              .withName(name)
              .get();
      return r == null ? null : JSON.valueToTree(r);
    }
  }

  private static Live release(String name) {
    return new Live("ServiceRelease", name);
  }

  private static Live environment(String name) {
    return new Live("StagingEnvironment", name);
  }

  private static Live scheduledTask(String name) {
    return new Live("ScheduledTask", name);
  }

  /** The status describes the current generation and is in {@code phase}. */
  private static Predicate<JsonNode> phase(String phase) {
    return o ->
        o.at("/status/observedGeneration").asLong(-1) == o.at("/metadata/generation").asLong()
            && phase.equals(o.at("/status/phase").asText());
  }

  /** The latest finished run ended in {@code result}. */
  private static Predicate<JsonNode> lastResult(String result) {
    return o -> result.equals(o.at("/status/lastResult").asText());
  }

  /** The Ready condition carries {@code reason} (a phase can hold several steps). */
  private static Predicate<JsonNode> reason(String reason) {
    return o -> {
      for (JsonNode c : o.at("/status/conditions")) {
        if ("Ready".equals(c.path("type").asText()) && reason.equals(c.path("reason").asText()))
          return true;
      }
      return false;
    };
  }

  /**
   * Waits for the live object to reach {@code state}, saves it as fixture {@code name} with its
   * expectation, and checks the health script on it.
   */
  private static void capture(
      String name, Live live, Predicate<JsonNode> state, String status, String fragment) {
    ObjectNode obj = (ObjectNode) awaitState(live, state);
    ((ObjectNode) obj.get("metadata")).remove("managedFields");
    write(name, obj, status, fragment);
    ArgoHealth.Health health = ArgoHealth.evaluate(obj);
    assertThat(health.status()).as(name + ": " + health.message()).isEqualTo(status);
    assertThat(health.message()).as(name).contains(fragment);
  }

  private static JsonNode awaitState(Live live, Predicate<JsonNode> state) {
    JsonNode[] seen = new JsonNode[1];
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .alias(live.toString())
        .until(
            () -> {
              seen[0] = live.get();
              return seen[0] != null && state.test(seen[0]);
            });
    return seen[0];
  }

  private static void write(String name, JsonNode obj, String status, String fragment) {
    try {
      Files.writeString(OUT.resolve(name + ".json"), JSON.writeValueAsString(obj) + "\n");
      Files.writeString(OUT.resolve(name + ".expected"), status + "\n" + fragment + "\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
