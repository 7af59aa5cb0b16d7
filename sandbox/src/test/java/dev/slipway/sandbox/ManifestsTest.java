package dev.slipway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  @TempDir Path dir;

  @Test
  void readsKubernetesObjectsInApplyOrderAndLeavesOtherYamlOut() throws Exception {
    Files.writeString(
        dir.resolve("a-workflow.yaml"),
        "name: pr\non:\n  pull_request: {}\njobs:\n  verify:\n    runs-on: ubuntu-latest\n");
    Files.writeString(
        dir.resolve("b-app.yaml"),
        """
        apiVersion: slipway.dev/v1alpha1
        kind: ServiceRelease
        metadata: {name: web}
        ---
        # only a comment
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: db}
        stringData: {password: x}
        """);

    List<Manifests.Loaded> loaded = Manifests.inApplyOrder(Manifests.load(List.of(dir)));

    assertThat(loaded)
        .extracting(l -> l.resource().getClass().getSimpleName())
        .containsExactly(Secret.class.getSimpleName(), ServiceRelease.class.getSimpleName());
    assertThat(loaded)
        .allSatisfy(l -> assertThat(l.source().getFileName().toString()).isEqualTo("b-app.yaml"));
  }
}
