package dev.slipway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Secrets and Slipway resources from manifest files and folders (multi-document YAML); other
 * kinds come back as generic resources for the caller to skip, and documents that are not
 * Kubernetes objects (no apiVersion or kind, such as a CI workflow) are left out.
 */
public final class Manifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final YAMLMapper YAML = new YAMLMapper();

  static {
    SERIALIZATION.registerKubernetesResource(ServiceRelease.class);
    SERIALIZATION.registerKubernetesResource(StagingEnvironment.class);
    SERIALIZATION.registerKubernetesResource(ScheduledTask.class);
  }

  private Manifests() {}

  /** A parsed document and the file it came from. */
  public record Loaded(HasMetadata resource, Path source) {}

  /** Every document under the paths (folders are read recursively, *.yaml/*.yml, in name order). */
  public static List<Loaded> load(List<Path> paths) throws IOException {
    List<Loaded> out = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : files(path)) {
        for (JsonNode doc : documents(file)) {
          // Only Kubernetes objects: a CI workflow or a values file beside them is not one.
          if (!doc.hasNonNull("apiVersion") || !doc.hasNonNull("kind")) continue;
          if (SERIALIZATION.unmarshal(doc.toString()) instanceof HasMetadata h) {
            out.add(new Loaded(h, file));
          }
        }
      }
    }
    return out;
  }

  /**
   * The documents in the order they can be applied: Secrets (environments read them), releases,
   * shared environments, then branch environments (they name a shared one); other kinds last. Files
   * keep their order within each group.
   */
  public static List<Loaded> inApplyOrder(List<Loaded> loaded) {
    return loaded.stream().sorted(Comparator.comparingInt(l -> rank(l.resource()))).toList();
  }

  private static int rank(HasMetadata resource) {
    if (resource instanceof Secret) return 0;
    if (resource instanceof ServiceRelease) return 1;
    if (resource instanceof StagingEnvironment env) return env.isBranch() ? 3 : 2;
    // Scheduled tasks name a release; applied after it, they start without a Pending pass.
    if (resource instanceof ScheduledTask) return 4;
    return 5;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      return docs.readAll().stream().filter(d -> d != null && d.isObject()).toList();
    }
  }

  private static List<Path> files(Path path) throws IOException {
    if (!Files.isDirectory(path)) return List.of(path);
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
