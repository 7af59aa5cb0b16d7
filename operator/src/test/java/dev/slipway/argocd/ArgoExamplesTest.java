package dev.slipway.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Argo CD manifests in examples/argocd say what docs/argocd.md promises. */
class ArgoExamplesTest {
  static final Path EXAMPLES = Path.of("../examples/argocd");
  static final Path SLIPWAY_CHART = Path.of("../charts/slipway");
  static final YAMLMapper YAML = new YAMLMapper();
  static final String FINALIZER = "resources-finalizer.argocd.argoproj.io";

  static {
    System.setProperty("jna.tmpdir", Path.of("target/jna").toAbsolutePath().toString());
  }

  @Test
  void theOperatorApplicationSyncsItselfWithServerSideApplyIntoItsOwnNamespace()
      throws IOException {
    JsonNode app = read("application-slipway.yaml");
    assertThat(app.path("kind").asText()).isEqualTo("Application");
    assertThat(app.at("/spec/source/path").asText()).isEqualTo("charts/slipway");
    assertThat(app.at("/spec/syncPolicy/automated/prune").asBoolean()).isTrue();
    assertThat(app.at("/spec/syncPolicy/automated/selfHeal").asBoolean()).isTrue();
    assertThat(texts(app.at("/spec/syncPolicy/syncOptions")))
        .contains("ServerSideApply=true", "CreateNamespace=true");
    assertThat(app.at("/spec/source/helm/valuesObject/replicaCount").asInt()).isEqualTo(2);
  }

  @Test
  void pullRequestApplicationsDeleteTheirEnvironmentWithThem() throws IOException {
    JsonNode set = read("applicationset-pr-generator.yaml");
    assertThat(set.path("kind").asText()).isEqualTo("ApplicationSet");
    assertThat(texts(set.at("/spec/template/metadata/finalizers"))).contains(FINALIZER);
    assertThat(set.at("/spec/template/spec/syncPolicy/automated/prune").asBoolean()).isTrue();
    assertThat(set.at("/spec/generators/0/pullRequest").isObject()).isTrue();
    assertThat(read("application-releases.yaml").at("/spec/source/path").asText())
        .isEqualTo("production");
  }

  /** Runs once charts/slipway has templates (the operator chart is built separately). */
  @Test
  void theOperatorApplicationsValuesRenderTheSlipwayChart() throws IOException {
    assumeTrue(Files.isDirectory(SLIPWAY_CHART.resolve("templates")), "charts/slipway templates");
    JsonNode values = read("application-slipway.yaml").at("/spec/source/helm/valuesObject");
    Path file = Files.createTempFile("slipway-values", ".yaml");
    try {
      YAML.writeValue(file.toFile(), values);
      String out =
          new Helm(SLIPWAY_CHART)
              .template()
              .withName("slipway")
              .withNamespace("slipway-system")
              .withKubeVersion("1.30.0")
              .withValuesFile(file)
              .call();
      List<JsonNode> docs = new ArrayList<>();
      YAML.readValues(YAML.getFactory().createParser(out), JsonNode.class)
          .forEachRemaining(
              d -> {
                if (d != null && !d.isEmpty()) docs.add(d);
              });
      assertThat(docs)
          .anySatisfy(
              d -> {
                assertThat(d.path("kind").asText()).isEqualTo("Deployment");
                assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
              })
          .anySatisfy(
              d -> {
                assertThat(d.path("kind").asText()).isEqualTo("ServiceAccount");
                assertThat(d.at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
                    .startsWith("arn:aws:iam::");
              })
          .anySatisfy(d -> assertThat(d.path("kind").asText()).isEqualTo("ServiceMonitor"));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static JsonNode read(String name) throws IOException {
    return YAML.readTree(EXAMPLES.resolve(name).toFile());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
