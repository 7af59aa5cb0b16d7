package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ServiceRelease;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the Slipway resources from manifest files and folders (multi-document YAML). */
public final class Manifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static {
    SERIALIZATION.registerKubernetesResource(ServiceRelease.class);
  }

  private Manifests() {}

  /** A parsed document and the file it came from. */
  public record Loaded(HasMetadata resource, Path source) {}

  /** Every document under the paths (folders are read recursively, *.yaml/*.yml, in name order). */
  public static List<Loaded> load(List<Path> paths) throws IOException {
    List<Loaded> out = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : files(path)) {
        try (InputStream in = Files.newInputStream(file)) {
          Object parsed = SERIALIZATION.unmarshal(in);
          for (Object o : parsed instanceof List<?> l ? l : List.of(parsed)) {
            if (o instanceof HasMetadata h) out.add(new Loaded(h, file));
          }
        }
      }
    }
    return out;
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
