package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.environment.BranchIdentity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged sandbox jar started as its own process, driven with real kubectl. */
class SandboxE2E {

  @TempDir Path tmp;

  @Test
  void exitWhenSettledReportsEveryExample() throws Exception {
    Path out = tmp.resolve("out.txt");
    Process p =
        Jars.sandbox(
                "sandbox",
                "--apply",
                Jars.ROOT.resolve("examples").toString(),
                "--exit-when-settled",
                "--time-scale",
                "60",
                "--kubeconfig-out",
                tmp.resolve("kc").toString())
            .redirectOutput(out.toFile())
            .redirectError(tmp.resolve("err.txt").toFile())
            .start();
    try {
      assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("sandbox exits by itself").isTrue();
      String output = Files.readString(out);
      assertThat(p.exitValue()).as(output).isZero();
      List<String> last =
          output.lines().filter(l -> l.matches("^default/\\S+ \\S+( http://\\S+)?$")).toList();
      String url = " http://bookmark-qa-\\d{10}\\.ap-northeast-1\\.elb\\.amazonaws\\.com:100\\d\\d";
      assertThat(last)
          .hasSize(11)
          // Its windows follow the wall clock: awake or asleep depends on when the test runs.
          .anyMatch(l -> l.matches("default/bookmark-nightly (Ready|Sleeping)"))
          .contains(
              "default/bookmark-web Ready",
              "default/checkout RolledBack",
              "default/hello Ready",
              // Its second revision waits for a person: kubectl slipway promote storefront.
              "default/storefront AwaitingPromotion",
              // Its steps run up to the last pause, which waits for a person too.
              "default/bookmark-api AwaitingPromotion",
              "default/bookmark-staging Ready",
              // A batch settles once scheduled; its runs go on.
              "default/sync-feeds Scheduled",
              "default/nightly-report Scheduled")
          .anyMatch(l -> l.matches("default/bookmark-qa-foo Ready" + url))
          .anyMatch(l -> l.matches("default/bookmark-qa-bar Ready" + url));
      assertThat(output).contains("skipping ApplicationSet bookmark-qa");
      // The progress view's line per batch. Its runs settle nothing, and the first one finishes
      // about when the examples settle, so whether it is shown here is chance:
      // progressViewShowsTheFrequentBatchsRunsAsTheyFinish waits for one.
      assertThat(output.lines())
          .anyMatch(
              l ->
                  l.matches(
                      "default/sync-feeds +Scheduled +rate\\(5 minutes\\) +next \\S+Z, last"
                          + " \\S+, \\d+ succeeded, \\d+ failed, \\d+ skipped"))
          .anyMatch(
              l ->
                  l.matches(
                      "default/nightly-report +Scheduled +cron\\(0 3 \\* \\* \\? \\*\\) +next"
                          + " \\S+Z, last \\S+, \\d+ succeeded, \\d+ failed, \\d+ skipped"));
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      dropExampleBranchSchemas();
    }
  }

  @Test
  void progressViewShowsTheFrequentBatchsRunsAsTheyFinish() throws Exception {
    Path out = tmp.resolve("batch.txt");
    Process p =
        Jars.sandbox(
                "sandbox",
                "--apply",
                Jars.ROOT.resolve("examples/servicerelease-minimal.yaml").toString(),
                "--apply",
                Jars.ROOT.resolve("examples/scheduledtask-frequent.yaml").toString(),
                "--time-scale",
                "60",
                "--dashboard-port",
                "0",
                "--kubeconfig-out",
                tmp.resolve("kc-batch").toString())
            .redirectOutput(out.toFile())
            .redirectError(tmp.resolve("batch-err.txt").toFile())
            .start();
    try {
      // Every 5 simulated minutes a 7-minute run, Forbid: one finishes every 10 s at x60.
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(out).lines())
                      .as("the progress view")
                      .anyMatch(
                          l ->
                              l.matches(
                                  "default/sync-feeds run +Succeeded +\\S+Z exit app=0,"
                                      + " \\d+m\\d\\ds")));
      List<String> lines = Files.readString(out).lines().toList();
      assertThat(lines)
          .anyMatch(
              l ->
                  l.matches(
                      "default/sync-feeds +Scheduled +rate\\(5 minutes\\) +next \\S+Z, last"
                          + " Succeeded, [1-9]\\d* succeeded, 0 failed, \\d+ skipped"));
      // Each finished run is printed once, however often its task's line changes.
      List<String> runs =
          lines.stream().filter(l -> l.startsWith("default/sync-feeds run ")).toList();
      assertThat(runs).doesNotHaveDuplicates();
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("sandbox stops on SIGTERM").isTrue();
    }
  }

  /** The example branch environments are not deleted before the sandbox exits: drop their DBs. */
  private static void dropExampleBranchSchemas() throws Exception {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(StagingEnvironment.class);
    List<?> docs =
        (List<?>)
            serialization.unmarshal(
                Files.readString(Jars.ROOT.resolve("examples/stagingenvironment-shared.yaml")));
    StagingEnvironment shared =
        docs.stream()
            .filter(StagingEnvironment.class::isInstance)
            .map(StagingEnvironment.class::cast)
            .findFirst()
            .orElseThrow();
    for (String branch : List.of("qa/foo", "qa/bar")) {
      BranchIdentity id =
          BranchIdentity.of(
              "default", shared.getMetadata().getName(), branch, shared.getSpec().branches);
      LocalDatastores.dropSchema(id.schema());
    }
  }

  @Test
  void kubectlAppliesGetsAndDeletesAgainstTheSandbox() throws Exception {
    Path kubeconfig = tmp.resolve("kubeconfig");
    Process sandbox =
        Jars.sandbox(
                "sandbox",
                "--no-examples",
                "--time-scale",
                "60",
                "--kubeconfig-out",
                kubeconfig.toString())
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(kubeconfig) && kubectl(kubeconfig, "get", "sr").exit() == 0);
      Path manifest = tmp.resolve("web.yaml");
      Files.writeString(
          manifest,
          """
          apiVersion: slipway.dev/v1alpha1
          kind: ServiceRelease
          metadata:
            name: web
          spec:
            aws: {region: ap-northeast-1, accountId: "123456789012"}
            cluster: core
            deletionPolicy: Delete
            taskDefinition:
              family: web
              cpu: "256"
              memory: "512"
              containers:
                - name: app
                  image: repo/web:v1
            service:
              desiredCount: 2
              networkConfiguration: {subnets: [subnet-0a1b2c3d]}
          """);
      assertThat(kubectl(kubeconfig, "apply", "-f", manifest.toString()).ok())
          .contains("servicerelease.slipway.dev/web created");
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  kubectl(kubeconfig, "get", "sr", "web", "-o", "jsonpath={.status.phase}")
                      .stdout()
                      .equals("Ready"));
      // kubectl get prints the CRD's printer columns from the server-side Table.
      String table = kubectl(kubeconfig, "get", "servicereleases").ok();
      assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
          .containsExactly("NAME", "AGE", "IMAGE", "PHASE", "RUNNING", "SERVICE");
      assertThat(table).contains("web").contains("repo/web:v1").contains("Ready");

      // A bad manifest is refused by the API server's admission, as by a real cluster: kubectl
      // prints the field and the CRD rule's message, and nothing of it is stored.
      Files.writeString(
          manifest,
          Files.readString(manifest)
              .replaceAll(
                  "(?m)^( *)image: repo/web:v1$", "$1image: repo/web:v2\n$1essential: false"));
      Result refused = kubectl(kubeconfig, "apply", "-f", manifest.toString());
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.stderr())
          .contains("is invalid")
          .contains(
              "spec.taskDefinition: Invalid value: \"object\": at least one container must be essential");
      assertThat(
              kubectl(
                      kubeconfig,
                      "get",
                      "sr",
                      "web",
                      "-o",
                      "jsonpath={.spec.taskDefinition.containers[0].image}")
                  .ok())
          .isEqualTo("repo/web:v1");

      assertThat(kubectl(kubeconfig, "delete", "sr", "web", "--timeout=90s").ok())
          .contains("deleted");
      Result gone = kubectl(kubeconfig, "get", "sr", "web");
      assertThat(gone.exit()).isNotZero();
      assertThat(gone.stderr()).contains("NotFound");
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).as("sandbox stops on SIGTERM").isTrue();
    }
  }

  /** What kubectl printed and how it exited. */
  record Result(int exit, String stdout, String stderr) {
    String ok() {
      assertThat(exit).as("kubectl failed: " + stderr).isZero();
      return stdout;
    }
  }

  static Result kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "", "kubectl timed out: " + command);
    }
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim());
  }
}
