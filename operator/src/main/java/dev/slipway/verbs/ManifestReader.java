package dev.slipway.verbs;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ServiceReleases out of a (multi-document) manifest; every other kind is named in a
 * note, so a CI log shows what was skipped.
 */
public final class ManifestReader {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static {
    SERIALIZATION.registerKubernetesResource(ServiceRelease.class);
    SERIALIZATION.registerKubernetesResource(StagingEnvironment.class);
  }

  private ManifestReader() {}

  /** The releases in document order, and one note per skipped document. */
  public record Manifest(List<ServiceRelease> releases, List<String> notes) {}

  /**
   * Parses the text.
   *
   * @throws IllegalArgumentException when the text is not YAML/JSON Kubernetes documents
   */
  public static Manifest read(String text) {
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot parse manifest: " + rootMessage(e), e);
    }
    List<ServiceRelease> releases = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Object o :
        parsed instanceof List<?> l ? l : parsed == null ? List.of() : List.of(parsed)) {
      if (o instanceof ServiceRelease sr) {
        if (sr.getMetadata().getNamespace() == null) sr.getMetadata().setNamespace("default");
        releases.add(sr);
      } else if (o instanceof HasMetadata h) {
        notes.add(
            "skipped "
                + h.getKind()
                + " "
                + (h.getMetadata() == null ? "?" : h.getMetadata().getName())
                + ": only ServiceRelease is checked");
      }
    }
    return new Manifest(releases, notes);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return String.valueOf(t.getMessage());
  }
}
