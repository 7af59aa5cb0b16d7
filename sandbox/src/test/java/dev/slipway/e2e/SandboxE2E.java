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
          .hasSize(9)
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
              "default/bookmark-staging Ready")
          .anyMatch(l -> l.matches("default/bookmark-qa-foo Ready" + url))
          .anyMatch(l -> l.matches("default/bookmark-qa-bar Ready" + url));
      assertThat(output).contains("skipping ApplicationSet bookmark-qa");
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      dropExampleBranchSchemas();
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
