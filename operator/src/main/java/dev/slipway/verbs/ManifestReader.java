package dev.slipway.verbs;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.slipway.api.v1alpha1.ScheduledTask;
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
    SERIALIZATION.registerKubernetesResource(ScheduledTask.class);
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
      throw new IllegalArgumentException("cannot parse manifest: " + describe(e), e);
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

  /**
   * The innermost message; for a value of the wrong type or an unknown enum constant, prefixed with
   * the field it is in ("spec.suspend: ..."), so a CI log points at the line to fix.
   */
  static String describe(Throwable e) {
    Throwable t = e;
    JsonMappingException mapping = null;
    while (true) {
      if (t instanceof JsonMappingException m && !m.getPath().isEmpty()) mapping = m;
      if (t.getCause() == null || t.getCause() == t) break;
      t = t.getCause();
    }
    return mapping == null
        ? String.valueOf(t.getMessage())
        : field(mapping.getPath()) + ": " + mapping.getOriginalMessage();
  }

  /** Jackson's reference chain as a field path: spec.taskDefinition.containers[0].image. */
  static String field(List<JsonMappingException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
      else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
    }
    return b.toString();
  }
}
