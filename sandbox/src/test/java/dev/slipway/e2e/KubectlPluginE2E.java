package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.release.ReleaseAnnotations;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.release.Releases;
import dev.slipway.release.ServiceReleaseReconciler;
import dev.slipway.release.StaleCopies;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.kube.Kubectl;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl slipway} as a user meets it: the real kubectl finds bin/kubectl-slipway on PATH,
 * which runs the packaged production jar against the sandbox's embedded API, where the operator
 * runs in-process on the simulated AWS and acts on what the plugin sets.
 */
class KubectlPluginE2E {
  static final Path PLUGIN_DIR = Jars.ROOT.resolve("bin").toAbsolutePath().normalize();
  static final String TOKEN = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  @TempDir static Path tmp;
  static Sandbox sandbox;
  static Path kubeconfig;

  @BeforeAll
  static void start() {
    Kubectl.assertInstalled();
    assertThat(Jars.OPERATOR).as("the reactor packages the production jar first").exists();
    assertThat(PLUGIN_DIR.resolve("kubectl-slipway")).isExecutable();
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    kubeconfig = sandbox.writeKubeconfig(tmp.resolve("kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) sandbox.close();
  }

  @Test
  void statusSummarisesAReleaseWithItsEventsOrPrintsItsStatusAsJson() throws Exception {
    create(Releases.web("plugin-status", "repo/app:v1"));
    awaitPhase("plugin-status", Phase.Ready);

    Result status = plugin("status", "plugin-status");
    Result json = plugin("status", "sr/plugin-status", "-o", "json", "-n", "default");

    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.stdout())
        .contains("ServiceRelease default/plugin-status\n")
        .contains("Phase:        Ready")
        .contains("Image:        repo/app:v1\n")
        .contains("Revision:     plugin-status:1\n")
        .containsPattern("Deployment: +ecs-svc/\\S+ COMPLETED: 2/2 running")
        .containsPattern("Normal +ServiceCreated ");
    assertThat(json.exit()).as("%s", json).isZero();
    JsonNode parsed = new ObjectMapper().readTree(json.stdout());
    assertThat(parsed.path("phase").asText()).isEqualTo("Ready");
    assertThat(parsed.path("replicas").asText()).isEqualTo("2/2");
  }

  @Test
  void retryMakesTheOperatorReleaseAFailedSpecAgain() {
    create(
        Releases.withMigration(
            Releases.web("plugin-retry", "repo/app:v1"), "sh", "-c", "bin/migrate && exit 1"));
    ServiceRelease failed = awaitPhase("plugin-retry", Phase.Failed);
    String firstTask = failed.getStatus().preDeploy.get(0).taskArn;

    Result notAwaiting = plugin("promote", "plugin-retry");
    Result retry = plugin("retry", "plugin-retry");

    assertThat(notAwaiting.exit()).as("%s", notAwaiting).isEqualTo(1);
    assertThat(notAwaiting.stderr())
        .contains("ServiceRelease \"plugin-retry\" is not awaiting promotion (Failed)")
        .contains("--force");
    assertThat(retry.exit()).as("%s", retry).isZero();
    String token = annotation("plugin-retry", ServiceReleaseReconciler.RETRY_ANNOTATION);
    assertThat(token).matches(TOKEN);
    assertThat(retry.stdout())
        .isEqualTo(
            "servicerelease.slipway.dev/plugin-retry annotated slipway.dev/retry="
                + token
                + " (phase Failed)\n");
    // The operator acts: it acknowledges the value, runs the migration again, and it fails again.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              ServiceRelease now = resource("plugin-retry").get();
              assertThat(now.getStatus().retryAcknowledged).isEqualTo(token);
              assertThat(now.getStatus().preDeploy).hasSize(1);
              assertThat(now.getStatus().preDeploy.get(0).taskArn).isNotEqualTo(firstTask);
              assertThat(now.getStatus().phase).isEqualTo(Phase.Failed);
            });
    assertThat(plugin("status", "plugin-retry").stdout())
        .contains("slipway.dev/retry=" + token + " (acted on)")
        .containsPattern("Normal +Retrying ");
  }

  @Test
  void promoteWithForceSetsTheAnnotationOnlyAndARepeatedValueIsRefused() {
    create(Releases.web("plugin-promote", "repo/app:v1"));
    ServiceRelease ready = awaitPhase("plugin-promote", Phase.Ready);

    Result refused = plugin("retry", "plugin-promote");
    Result promote = plugin("promote", "plugin-promote", "--force");
    Result abort = plugin("abort", "plugin-promote", "--force", "--token", "abort-1");
    Result again = plugin("abort", "plugin-promote", "--force", "--token", "abort-1");

    assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
    assertThat(refused.stderr()).contains("has no failed release to retry (Ready)");
    assertThat(promote.exit()).as("%s", promote).isZero();
    assertThat(promote.stdout()).endsWith("(phase Ready, set with --force)\n");
    assertThat(abort.exit()).as("%s", abort).isZero();
    ServiceRelease annotated = resource("plugin-promote").get();
    assertThat(annotated.getMetadata().getAnnotations())
        .containsEntry(ReleaseAnnotations.ABORT_ANNOTATION, "abort-1")
        .hasEntrySatisfying(
            ReleaseAnnotations.PROMOTE_ANNOTATION, v -> assertThat(v).matches(TOKEN));
    // Only metadata.annotations changed: the spec's generation and the operator's status stand.
    assertThat(annotated.getMetadata().getGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(annotated.getStatus().phase).isEqualTo(Phase.Ready);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.stderr()).contains("already has slipway.dev/abort=abort-1");
  }

  @Test
  void missingObjectsUnknownContextsAndBadUsageEachHaveTheirExitCode() {
    Result release = plugin("status", "nope");
    Result stage = plugin("status", "stage/nope", "-n", "elsewhere");
    Result context = plugin("status", "nope", "--context", "prod");
    Result usage = plugin();

    assertThat(release.exit()).isEqualTo(1);
    assertThat(release.stderr())
        .isEqualTo("error: ServiceRelease \"nope\" not found in namespace \"default\"\n");
    assertThat(stage.exit()).isEqualTo(1);
    assertThat(stage.stderr())
        .contains("StagingEnvironment \"nope\" not found in namespace \"elsewhere\"");
    assertThat(context.exit()).isEqualTo(3);
    assertThat(context.stderr()).contains("context \"prod\" not found in the kubeconfig");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.stderr()).contains("Missing a verb").contains("promote");
  }

  /** What one {@code kubectl slipway} run printed and returned. */
  record Result(List<String> args, int exit, String stdout, String stderr) {}

  /**
   * Runs {@code kubectl slipway ARGS} as a user's shell would: the plugin directory on PATH, the
   * sandbox's kubeconfig in KUBECONFIG, and the jar the reactor built in SLIPWAY_JAR.
   */
  static Result plugin(String... args) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "slipway"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", PLUGIN_DIR + ":" + System.getenv("PATH"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("SLIPWAY_JAR", Jars.OPERATOR.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl slipway " + List.of(args) + " timed out");
      }
      return new Result(List.of(args), process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
          }
        });
  }

  @Test
  void promoteCompletesTheBlueGreenExampleAndAbortUndoesTheNextRevision() throws Exception {
    ServiceRelease example;
    try (var in =
        Files.newInputStream(Jars.ROOT.resolve("examples/servicerelease-bluegreen.yaml"))) {
      example = Serialization.unmarshal(in, ServiceRelease.class);
    }
    sandbox.seedFor(example);
    create(example);
    // Created directly, the first deployment is the manifest's image; nothing to preview it
    // against.
    awaitPhase("storefront", Phase.Ready);

    ship("storefront", "public.ecr.aws/nginx/nginx:1.29");
    ServiceRelease waiting = awaitPhase("storefront", Phase.AwaitingPromotion);
    assertThat(waiting.getStatus().desiredImage).isEqualTo("public.ecr.aws/nginx/nginx:1.29");
    assertThat(plugin("status", "storefront").stdout()).contains("AwaitingPromotion");

    Result promote = plugin("promote", "storefront");
    assertThat(promote.exit()).as("%s", promote).isZero();
    ServiceRelease ready = awaitPhase("storefront", Phase.Ready);
    assertThat(ready.getStatus().image).isEqualTo("public.ecr.aws/nginx/nginx:1.29");
    assertThat(ready.getStatus().history.get(0).result).isEqualTo("Succeeded");

    ship("storefront", "public.ecr.aws/nginx/nginx:1.30");
    awaitPhase("storefront", Phase.AwaitingPromotion);
    Result abort = plugin("abort", "storefront");
    assertThat(abort.exit()).as("%s", abort).isZero();
    ServiceRelease aborted = awaitPhase("storefront", Phase.Aborted);
    assertThat(aborted.getStatus().image).isEqualTo("public.ecr.aws/nginx/nginx:1.29");
    assertThat(aborted.getStatus().history.get(0).result).isEqualTo("Aborted");
  }

  @Test
  void runStartsARunOfTheFrequentExampleNowAndStatusShowsIt() throws Exception {
    ServiceRelease hello = example("examples/servicerelease-minimal.yaml", ServiceRelease.class);
    ScheduledTask syncFeeds = example("examples/scheduledtask-frequent.yaml", ScheduledTask.class);
    sandbox.seedFor(hello);
    create(hello);
    awaitPhase("hello", Phase.Ready);
    sandbox
        .client()
        .resources(ScheduledTask.class)
        .inNamespace("default")
        .resource(syncFeeds)
        .create();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              ScheduledTask st = task("sync-feeds").get();
              return st.getStatus() != null
                  && st.getStatus().phase == ScheduledTaskStatus.Phase.Scheduled;
            });

    Result run = plugin("run", "sync-feeds");
    Result release = plugin("run", "hello");

    assertThat(run.exit()).as("%s", run).isZero();
    String token =
        task("sync-feeds")
            .get()
            .getMetadata()
            .getAnnotations()
            .get(ScheduledTask.RUN_NOW_ANNOTATION);
    assertThat(token).matches(TOKEN);
    assertThat(run.stdout())
        .isEqualTo(
            "scheduledtask.slipway.dev/sync-feeds annotated slipway.dev/run-now="
                + token
                + " (phase Scheduled)\n");
    // A Forbid batch whose scheduled run still goes says so; either way a RunNow run is recorded.
    assertThat(run.stderr()).matches("(|warning: the run of \\S+ is still going; .*\n)");
    assertThat(release.exit()).isEqualTo(1);
    assertThat(release.stderr())
        .isEqualTo(
            "error: ScheduledTask \"hello\" not found in namespace \"default\"; a"
                + " ServiceRelease of that name exists: sr/hello\n");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ScheduledTaskStatus status = task("sync-feeds").get().getStatus();
              assertThat(status.runNowAcknowledged).isEqualTo(token);
              assertThat(status.runs)
                  .anySatisfy(
                      r -> {
                        assertThat(r.trigger).isEqualTo("RunNow");
                        assertThat(r.result).isIn("Running", "Succeeded", "Skipped");
                      });
            });
    Result status = plugin("status", "st/sync-feeds", "--events", "0");
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.stdout())
        .contains("ScheduledTask default/sync-feeds\n")
        .contains("Phase:        Scheduled\n")
        .contains("Schedule:     rate(5 minutes), engine Operator, concurrencyPolicy Forbid\n")
        .containsPattern("Next run: +\\S+Z\n")
        .containsPattern("  \\S+Z +RunNow +(Running|Succeeded|Skipped) ")
        .contains("slipway.dev/run-now=" + token + " (acted on)");
  }

  private static <T> T example(String path, Class<T> type) throws IOException {
    try (var in = Files.newInputStream(Jars.ROOT.resolve(path))) {
      return Serialization.unmarshal(in, type);
    }
  }

  private static Resource<ScheduledTask> task(String name) {
    return sandbox.client().resources(ScheduledTask.class).inNamespace("default").withName(name);
  }

  /** Changes the first container's image, as a CI job shipping a new revision would. */
  private static void ship(String name, String image) {
    StaleCopies.retrying(
        () ->
            resource(name)
                .edit(
                    sr -> {
                      sr.getSpec().taskDefinition.containers.get(0).image = image;
                      return sr;
                    }));
  }

  private static void create(ServiceRelease sr) {
    sandbox.client().resources(ServiceRelease.class).inNamespace("default").resource(sr).create();
  }

  private static Resource<ServiceRelease> resource(String name) {
    return sandbox.client().resources(ServiceRelease.class).inNamespace("default").withName(name);
  }

  private static String annotation(String name, String key) {
    return resource(name).get().getMetadata().getAnnotations().get(key);
  }

  private static ServiceRelease awaitPhase(String name, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ServiceRelease sr = resource(name).get();
              assertThat(sr != null && Sandbox.isSettled(sr) && sr.getStatus().phase == phase)
                  .as(
                      "%s should be %s; is %s: %s",
                      name,
                      phase,
                      sr == null || sr.getStatus() == null ? null : sr.getStatus().phase,
                      sr == null || sr.getStatus() == null ? null : sr.getStatus().message)
                  .isTrue();
            });
    return resource(name).get();
  }
}
