package dev.slipway.sandbox.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ServiceRelease and StagingEnvironment under examples/ passes the API server's admission
 * (CRD schema, CEL rules, no unknown fields), so {@code kubectl apply} of an example never fails on
 * a real cluster. Documents of other kinds (Secrets, Argo CD objects) are skipped.
 */
class ExamplesAdmissionTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path ROOT = Path.of(System.getProperty("slipway.root", ".."));

  /** One custom resource document of one example file. */
  private record Example(Path file, JsonNode object) {}

  @Test
  void everyExampleCustomResourceIsAdmitted() throws IOException {
    CustomResourceValidators crds = AdmissionCorpus.crds();
    List<Example> examples = customResources(ROOT.resolve("examples"));
    assertThat(examples).as("examples found").hasSizeGreaterThanOrEqualTo(5);
    List<String> problems = new ArrayList<>();
    for (Example example : examples) {
      var validator = crds.forObject(example.object());
      if (validator.isEmpty()) {
        problems.add(example.file() + ": no CRD for " + example.object().path("kind").asText());
        continue;
      }
      Verdict verdict = validator.get().create(example.object());
      if (!verdict.allowed()) {
        problems.add(example.file() + ": " + verdict.message());
      }
      if (!verdict.unknownFields().isEmpty()) {
        problems.add(example.file() + ": unknown fields " + verdict.unknownFields());
      }
    }
    assertThat(problems).isEmpty();
  }

  private static List<Example> customResources(Path dir) throws IOException {
    List<Example> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(ExamplesAdmissionTest::isYaml).sorted().toList()) {
        for (JsonNode document : documents(file)) {
          if (document.path("apiVersion").asText().startsWith("slipway.dev/")) {
            found.add(new Example(ROOT.relativize(file), document));
          }
        }
      }
    }
    return found;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode document = it.next();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
