package dev.slipway.sandbox.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.slipway.ecschedule.EcscheduleImport;
import dev.slipway.ecschedule.ImportOptions;
import dev.slipway.ecschedule.ImportedManifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifests {@code slipway import ecschedule} makes of the sample config (operator test
 * resources) pass the API server's admission of the committed ScheduledTask CRD: schema, CEL rules
 * and no unknown fields, so {@code kubectl apply} of an import never fails on a real cluster.
 */
class ImportEcscheduleAdmissionTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path CRD =
      Path.of(System.getProperty("slipway.root", ".."))
          .resolve("crds/scheduledtasks.slipway.dev-v1.yml");

  private static List<JsonNode> importedSample() throws IOException {
    String config;
    try (InputStream in =
        ImportEcscheduleAdmissionTest.class.getResourceAsStream("/ecschedule/sample.yaml")) {
      config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var options =
        new ImportOptions(
            "batch",
            Map.of("search-indexer", "search"),
            null,
            Map.of("REPORT_BUCKET", "s3-reports"));
    String stream =
        ImportedManifests.stream(
            ImportedManifests.render(EcscheduleImport.read(config, options), "sample.yaml"));
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(stream)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
    }
    return documents;
  }

  @Test
  void everyImportedManifestIsAdmitted() throws IOException {
    CustomResourceValidator crd =
        CustomResourceValidators.load(CRD)
            .forObject(YAML.readTree("{apiVersion: slipway.dev/v1alpha1, kind: ScheduledTask}"))
            .orElseThrow();
    List<JsonNode> documents = importedSample();
    assertThat(documents).hasSize(5);
    List<String> problems = new ArrayList<>();
    for (JsonNode document : documents) {
      String name = document.at("/metadata/name").asText();
      Verdict verdict = crd.create(document);
      if (!verdict.allowed()) problems.add(name + ": " + verdict.message());
      if (!verdict.unknownFields().isEmpty()) {
        problems.add(name + ": unknown fields " + verdict.unknownFields());
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The check has teeth: the CEL rule an import must satisfy refuses a manifest without it. */
  @Test
  void admissionRefusesAnImportWithoutTheSchedulersRole() throws IOException {
    CustomResourceValidator crd =
        CustomResourceValidators.load(CRD)
            .forObject(YAML.readTree("{apiVersion: slipway.dev/v1alpha1, kind: ScheduledTask}"))
            .orElseThrow();
    JsonNode document = importedSample().get(0);
    ((ObjectNode) document.get("spec")).remove("eventBridge");
    Verdict verdict = crd.create(document);
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.message()).contains("needs eventBridge.roleArn");
  }
}
