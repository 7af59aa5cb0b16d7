package dev.slipway.scheduledtask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ScheduledTask examples in examples/ validate clean against the release they name. */
class ScheduledTaskExamplesTest {
  private static final Path EXAMPLES = Path.of("../examples");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("scheduledtask-"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleValidatesCleanAgainstItsRelease(Path file) throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(ScheduledTask.class);
    serialization.registerKubernetesResource(ServiceRelease.class);
    ScheduledTask st = serialization.unmarshal(Files.readString(file), ScheduledTask.class);
    ServiceRelease release =
        serialization.unmarshal(
            Files.readString(EXAMPLES.resolve("servicerelease-minimal.yaml")),
            ServiceRelease.class);
    assertThat(st.getSpec().releaseRef.name).isEqualTo(release.getMetadata().getName());
    assertThat(BatchValidator.problems(st, release)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleSpecHasNoUnknownFields(Path file) throws IOException {
    YAMLMapper strict = new YAMLMapper();
    strict.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    JsonNode document = strict.readTree(file.toFile());
    assertThat(document.path("kind").asText()).isEqualTo("ScheduledTask");
    assertThatCode(() -> strict.treeToValue(document.get("spec"), ScheduledTaskSpec.class))
        .doesNotThrowAnyException();
  }
}
