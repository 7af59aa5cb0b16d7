package dev.slipway.e2e;

import static dev.slipway.e2e.Jars.ROOT;
import static dev.slipway.e2e.SandboxE2E.kubectl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch StagingEnvironment through the packaged jar's sandbox and real kubectl: Ready with a
 * URL, then deleted without a trace in MariaDB, Redis or the simulated AWS.
 */
class SandboxEnvironmentsE2E {
  static final Path SHARED = ROOT.resolve("examples/stagingenvironment-shared.yaml");

  /** The Redis DB of the shared example's branch environments. */
  static final int REDIS_DB = 9;

  @TempDir Path tmp;

  @Test
  void branchEnvironmentBecomesReadyAndDeleteLeavesNothingBehind() throws Exception {
    // Unique per run: tests elsewhere share the local MariaDB and Redis.
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String name = "bookmark-qa-e2e-" + suffix;
    Path kubeconfig = tmp.resolve("kubeconfig");
    // Given the shared example at start, the sandbox seeds the QA load balancer it routes through.
    Process sandbox =
        Jars.sandbox(
                "sandbox",
                "--apply",
                SHARED.toString(),
                "--time-scale",
                "60",
                "--kubeconfig-out",
                kubeconfig.toString())
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile())
            .start();
    String schema = null;
    String redisNamespace = null;
    try {
      // The kubeconfig appears once the sandbox has applied SHARED, so applying it again updates
      // it rather than racing the sandbox to create it.
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(kubeconfig));
      assertThat(kubectl(kubeconfig, "get", "stage", "bookmark-staging").ok())
          .contains("bookmark-staging");
      assertThat(kubectl(kubeconfig, "apply", "-f", SHARED.toString()).ok())
          .contains("stagingenvironment.slipway.dev/bookmark-staging configured");
      Path branch = writeBranch(name, "qa/e2e-" + suffix);
      assertThat(kubectl(kubeconfig, "apply", "-f", branch.toString()).ok())
          .contains("stagingenvironment.slipway.dev/" + name + " created");

      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> field(kubeconfig, name, "{.status.phase}").equals("Ready"));
      assertThat(field(kubeconfig, name, "{.status.url}"))
          .matches("http://bookmark-qa-\\d{10}\\.ap-northeast-1\\.elb\\.amazonaws\\.com:100\\d\\d");
      schema = field(kubeconfig, name, "{.status.schema}");
      redisNamespace = field(kubeconfig, name, "{.status.redisNamespace}");
      assertThat(schema).startsWith("qa_qa_e2e_");
      assertThat(LocalDatastores.schemaExists(schema)).as(schema).isTrue();
      // What the app would write; teardown must remove it.
      LocalDatastores.setRedisKey(REDIS_DB, redisNamespace + ":session:1", "x");

      Footprint footprint = footprint(kubeconfig, name);
      assertThat(footprint.present(inventory(kubeconfig))).as(footprint.toString()).isTrue();

      assertThat(kubectl(kubeconfig, "delete", "stage", name, "--timeout=90s").ok())
          .contains("deleted");
      SandboxE2E.Result gone = kubectl(kubeconfig, "get", "stage", name);
      assertThat(gone.exit()).isNotZero();
      assertThat(gone.stderr()).contains("NotFound");
      assertThat(LocalDatastores.schemaExists(schema)).as(schema).isFalse();
      assertThat(LocalDatastores.redisKeys(REDIS_DB, redisNamespace + ":")).isEmpty();
      assertThat(footprint.anyLeft(inventory(kubeconfig))).as(footprint.toString()).isEmpty();
    } catch (AssertionError | RuntimeException e) {
      // What the sandbox printed says whether it was still serving when the step failed.
      System.out.println(
          "sandbox "
              + (sandbox.isAlive() ? "still running" : "exited with " + sandbox.exitValue())
              + "\nstdout:\n"
              + Files.readString(tmp.resolve("out.txt"))
              + "\nstderr:\n"
              + Files.readString(tmp.resolve("err.txt")));
      throw e;
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).as("sandbox stops on SIGTERM").isTrue();
      if (schema != null) LocalDatastores.dropSchema(schema);
      if (redisNamespace != null) LocalDatastores.deleteRedisKeys(REDIS_DB, redisNamespace + ":");
    }
  }

  private Path writeBranch(String name, String branch) throws Exception {
    Path file = tmp.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: slipway.dev/v1alpha1
        kind: StagingEnvironment
        metadata:
          name: %s
        spec:
          from: bookmark-staging
          branch: %s
          imageTag: e2e-1
        """
            .formatted(name, branch));
    return file;
  }

  private static String field(Path kubeconfig, String name, String jsonPath) throws Exception {
    return kubectl(kubeconfig, "get", "stage", name, "-o", "jsonpath=" + jsonPath).stdout();
  }

  /** The simulated AWS account as the sandbox serves it to kubectl. */
  private static JsonNode inventory(Path kubeconfig) throws Exception {
    return new ObjectMapper()
        .readTree(kubectl(kubeconfig, "get", "--raw", "/sandbox/inventory").ok());
  }

  /** The ECS services, target groups and listener ports a branch environment owns. */
  private static Footprint footprint(Path kubeconfig, String name) throws Exception {
    String releases = field(kubeconfig, name, "{.status.services[*].release}");
    List<String> services = new ArrayList<>();
    for (String release : releases.split(" ")) {
      services.add(
          kubectl(kubeconfig, "get", "sr", release, "-o", "jsonpath={.spec.serviceName}").ok());
    }
    List<String> targetGroups =
        List.of(field(kubeconfig, name, "{.status.services[*].targetGroupArn}").split(" "));
    List<String> ports = List.of(field(kubeconfig, name, "{.status.services[*].port}").split(" "));
    return new Footprint(services, targetGroups, ports);
  }

  /** What of one environment should exist in the inventory while it lives, and not after. */
  record Footprint(List<String> services, List<String> targetGroups, List<String> ports) {
    boolean present(JsonNode inventory) {
      return services.stream().allMatch(s -> has(inventory, "services", "name", s))
          && targetGroups.stream().allMatch(tg -> has(inventory, "targetGroups", "arn", tg))
          && ports.stream().allMatch(p -> has(inventory, "listeners", "port", p));
    }

    List<String> anyLeft(JsonNode inventory) {
      List<String> left = new ArrayList<>();
      services.stream().filter(s -> has(inventory, "services", "name", s)).forEach(left::add);
      targetGroups.stream()
          .filter(tg -> has(inventory, "targetGroups", "arn", tg))
          .forEach(left::add);
      ports.stream()
          .filter(p -> has(inventory, "listeners", "port", p))
          .map(p -> "listener :" + p)
          .forEach(left::add);
      return left;
    }

    private static boolean has(JsonNode inventory, String list, String field, String value) {
      for (JsonNode item : inventory.path(list)) {
        if (item.path(field).asText().equals(value)) return true;
      }
      return false;
    }
  }
}
