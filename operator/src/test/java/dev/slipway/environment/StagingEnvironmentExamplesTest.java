package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The StagingEnvironment examples in examples/ are valid, complete and consistent. */
class StagingEnvironmentExamplesTest {
  private static final Path EXAMPLES = Path.of("../examples");
  private static final String SHARED = "stagingenvironment-shared.yaml";

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("stagingenvironment-"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyTopLevelExampleIsOfAKindAnExamplesTestValidates() throws IOException {
    // Anything else in examples/ would be validated by no example test.
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .map(p -> p.getFileName().toString())
                  .filter(n -> !n.equals("README.md")))
          .allMatch(
              n ->
                  n.startsWith("servicerelease-")
                      || n.startsWith("stagingenvironment-")
                      || n.startsWith("scheduledtask-"));
    }
    assertThat(examples()).hasSizeGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleValidatesClean(Path file) throws IOException {
    List<StagingEnvironment> environments = environments(load(file));

    assertThat(environments).hasSize(1);
    assertThat(EnvironmentValidator.validate(environments.get(0).getSpec())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleSpecHasNoUnknownFields(Path file) throws IOException {
    YAMLMapper strict = new YAMLMapper();
    strict.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    for (JsonNode document : documents(strict, file)) {
      if (!"StagingEnvironment".equals(document.path("kind").asText())) continue;
      assertThatCode(() -> strict.treeToValue(document.get("spec"), StagingEnvironmentSpec.class))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void sharedExampleCarriesTheAdminSecretItReferences() throws IOException {
    List<HasMetadata> docs = load(EXAMPLES.resolve(SHARED));
    StagingEnvironment shared = environments(docs).get(0);
    String secretName = shared.getSpec().branches.database.adminSecretRef.name;

    assertThat(docs)
        .filteredOn(d -> d instanceof Secret)
        .extracting(d -> d.getMetadata().getName())
        .containsExactly(secretName);
  }

  @Test
  void branchExamplesComeFromTheSharedOneAndMatchItsPolicy() throws IOException {
    StagingEnvironment shared = environments(load(EXAMPLES.resolve(SHARED))).get(0);
    GlobMatcher match = GlobMatcher.of(shared.getSpec().branches.match);
    for (Path file : examples().filter(p -> !p.endsWith(SHARED)).toList()) {
      StagingEnvironmentSpec branch = environments(load(file)).get(0).getSpec();
      // Another shared environment (e.g. the nightly one) has no branch to check.
      if (branch.from == null) continue;
      assertThat(branch.from).as(file.toString()).isEqualTo(shared.getMetadata().getName());
      assertThat(match.matches(branch.branch)).as(file.toString()).isTrue();
    }
  }

  private static List<HasMetadata> load(Path file) throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(StagingEnvironment.class);
    Object parsed = serialization.unmarshal(Files.readString(file));
    List<HasMetadata> out = new ArrayList<>();
    for (Object o : parsed instanceof List<?> l ? l : List.of(parsed)) out.add((HasMetadata) o);
    return out;
  }

  private static List<StagingEnvironment> environments(List<HasMetadata> docs) {
    return docs.stream()
        .filter(d -> d instanceof StagingEnvironment)
        .map(d -> (StagingEnvironment) d)
        .toList();
  }

  private static List<JsonNode> documents(YAMLMapper mapper, Path file) throws IOException {
    try (MappingIterator<JsonNode> it =
        mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
      return it.readAll();
    }
  }
}
