package dev.slipway.e2e;

import static dev.slipway.e2e.Jars.ROOT;
import static dev.slipway.e2e.SandboxE2E.kubectl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kubectl user meets in the packaged jar's sandbox beyond get and apply: describe shows the
 * Events Slipway records, explain teaches the CRDs' fields, typed create commands work, and
 * server-side apply is refused with a message that says what to do instead.
 */
class SandboxKubectlE2E {
  static final Path SHARED = ROOT.resolve("examples/stagingenvironment-shared.yaml");
  static final Path CRDS = ROOT.resolve("crds");

  @TempDir Path tmp;

  @Test
  void describeExplainCreateSecretAndServerSideApplyBehaveForKubectlUsers() throws Exception {
    Path kubeconfig = tmp.resolve("kubeconfig");
    // Given the shared example at start, the sandbox seeds what its services reference.
    Process sandbox =
        Jars.sandbox(
                "sandbox",
                "--apply",
                SHARED.toString(),
                "--time-scale",
                "60",
                "--dashboard-port",
                "0",
                "--kubeconfig-out",
                kubeconfig.toString())
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(kubeconfig) && kubectl(kubeconfig, "get", "sr").exit() == 0);

      explainPrintsTheCrdsFieldDescriptions(kubeconfig);
      serverSideApplyOfANewObjectIsRefusedClearly(kubeconfig);
      createSecretGenericStoresBase64DataAsARealServerDoes(kubeconfig);
      describeShowsTheEventsOfAServiceRelease(kubeconfig);
      describeShowsTheEventsOfAStagingEnvironment(kubeconfig);
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).as("sandbox stops on SIGTERM").isTrue();
    }
  }

  private void explainPrintsTheCrdsFieldDescriptions(Path kubeconfig) throws Exception {
    String desiredCount =
        kubectl(kubeconfig, "explain", "servicerelease.spec.service.desiredCount").ok();
    assertThat(desiredCount).contains("KIND:       ServiceRelease").contains("<integer>");
    assertThat(words(desiredCount))
        .contains(
            words(
                description(
                    "servicereleases.slipway.dev-v1.yml",
                    "/properties/spec/properties/service/properties/desiredCount")));

    String branches = kubectl(kubeconfig, "explain", "stage.spec.branches").ok();
    assertThat(words(branches))
        .contains(
            words(
                description(
                    "stagingenvironments.slipway.dev-v1.yml",
                    "/properties/spec/properties/branches")))
        .contains("maxEnvironments <integer>");
    assertThat(kubectl(kubeconfig, "explain", "sr").ok())
        .contains("spec\t<Object>")
        .contains("One ECS service");
  }

  private void serverSideApplyOfANewObjectIsRefusedClearly(Path kubeconfig) throws Exception {
    Path manifest = serviceRelease("ssa-new");

    SandboxE2E.Result refused =
        kubectl(kubeconfig, "apply", "--server-side", "-f", manifest.toString());

    assertThat(refused.exit()).isNotZero();
    assertThat(refused.stderr())
        .contains("Server-side apply not available on the server")
        .contains("does not support server-side apply")
        .contains("without --server-side")
        .doesNotContain("NotFound");
    assertThat(kubectl(kubeconfig, "get", "sr", "ssa-new").stderr()).contains("NotFound");
  }

  private void createSecretGenericStoresBase64DataAsARealServerDoes(Path kubeconfig)
      throws Exception {
    // The command docs/qa-environments.md shows, with an empty password as for local MariaDB.
    assertThat(
            kubectl(
                    kubeconfig,
                    "create",
                    "secret",
                    "generic",
                    "e2e-db-admin",
                    "--from-literal=username=root",
                    "--from-literal=password=")
                .ok())
        .contains("secret/e2e-db-admin created");

    JsonNode secret =
        new ObjectMapper()
            .readTree(kubectl(kubeconfig, "get", "secret", "e2e-db-admin", "-o", "json").ok());
    assertThat(secret.at("/data/username").asText()).isEqualTo("cm9vdA==");
    assertThat(secret.at("/data/password").isTextual()).isTrue();
    assertThat(secret.at("/data/password").asText()).isEmpty();
    assertThat(secret.path("type").asText()).isEqualTo("Opaque");
    assertThat(secret.has("stringData")).isFalse();
  }

  private void describeShowsTheEventsOfAServiceRelease(Path kubeconfig) throws Exception {
    assertThat(kubectl(kubeconfig, "apply", "-f", serviceRelease("described").toString()).ok())
        .contains("servicerelease.slipway.dev/described created");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> phase(kubeconfig, "sr", "described").equals("Ready"));

    String described = kubectl(kubeconfig, "describe", "sr", "described").ok();

    assertThat(described).doesNotContainPattern("Events:\\s+<none>");
    assertThat(described)
        .containsPattern("Normal\\s+ServiceCreated\\s+\\S+\\s+slipway\\s+Created ECS service")
        .containsPattern("Normal\\s+Ready\\s+\\S+\\s+slipway\\s+rollout of described:1 completed");
  }

  private void describeShowsTheEventsOfAStagingEnvironment(Path kubeconfig) throws Exception {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> phase(kubeconfig, "stage", "bookmark-staging").equals("Ready"));

    String described = kubectl(kubeconfig, "describe", "stage", "bookmark-staging").ok();

    assertThat(described).doesNotContainPattern("Events:\\s+<none>");
    assertThat(described)
        .containsPattern("Normal\\s+Ready\\s+\\S+\\s+slipway\\s+all \\d+ services are Ready");
  }

  private static String phase(Path kubeconfig, String kind, String name) throws Exception {
    return kubectl(kubeconfig, "get", kind, name, "-o", "jsonpath={.status.phase}").stdout();
  }

  private Path serviceRelease(String name) throws Exception {
    Path file = tmp.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: slipway.dev/v1alpha1
        kind: ServiceRelease
        metadata:
          name: %s
        spec:
          aws: {region: ap-northeast-1, accountId: "123456789012"}
          cluster: core
          deletionPolicy: Delete
          taskDefinition:
            family: %s
            cpu: "256"
            memory: "512"
            containers:
              - name: app
                image: repo/web:v1
          service:
            desiredCount: 1
            networkConfiguration: {subnets: [subnet-0a1b2c3d]}
        """
            .formatted(name, name));
    return file;
  }

  /** A field's description in the committed CRD, where kubectl explain must find it. */
  private static String description(String crdFile, String schemaPath) throws Exception {
    JsonNode crd = new YAMLMapper().readTree(CRDS.resolve(crdFile).toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema" + schemaPath);
    String text = schema.path("description").asText();
    assertThat(text).as("%s %s", crdFile, schemaPath).isNotBlank();
    return text;
  }

  /** Whitespace-insensitive text: kubectl wraps descriptions at its own width. */
  private static String words(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
