package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Fails the build when the committed CRD YAML no longer matches what the API classes generate. */
class CommittedCrdsTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final String HINT =
      "CRD YAML is stale: run `mvn -Pcrds process-classes` and commit";

  @Test
  void crdsDirectoryMatchesGenerated() throws IOException {
    assertCommittedCopies(Path.of("../crds"));
  }

  @Test
  void chartCrdsMatchGenerated() throws IOException {
    assertCommittedCopies(Path.of("../charts/slipway/crds"));
  }

  private static void assertCommittedCopies(Path committedDir) throws IOException {
    List<Path> generated;
    try (Stream<Path> files = Files.list(GENERATED)) {
      generated = files.filter(p -> p.toString().endsWith("-v1.yml")).sorted().toList();
    }
    assertThat(generated).as("generated CRDs").isNotEmpty();
    for (Path crd : generated) {
      Path committed = committedDir.resolve(crd.getFileName());
      assertThat(committed).as(HINT + " (missing " + committed + ")").exists();
      assertThat(Files.readString(committed)).as(HINT).isEqualTo(Files.readString(crd));
    }
  }
}
