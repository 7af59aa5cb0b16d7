package dev.slipway.stateful;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Slipway object as a user reads it (kubectl -o yaml): generic JSON, not Slipway's Java model, so
 * the invariants keep meaning the same when the model classes are reworked.
 */
record Obj(GenericKubernetesResource resource) {
  /** A status condition as kubectl shows it. */
  record Condition(String type, String status, String reason, String message) {}

  String name() {
    return resource.getMetadata().getName();
  }

  String uid() {
    return resource.getMetadata().getUid();
  }

  boolean deleting() {
    return resource.getMetadata().getDeletionTimestamp() != null;
  }

  /** The uid of the StagingEnvironment this object belongs to, if any. */
  Optional<String> ownerUid() {
    List<OwnerReference> owners = resource.getMetadata().getOwnerReferences();
    return owners == null
        ? Optional.empty()
        : owners.stream()
            .filter(o -> "StagingEnvironment".equals(o.getKind()))
            .map(OwnerReference::getUid)
            .findFirst();
  }

  String phase() {
    return text("status", "phase");
  }

  String message() {
    return text("status", "message");
  }

  String spec(String field) {
    return text("spec", field);
  }

  String status(String field) {
    return text("status", field);
  }

  Optional<Condition> condition(String type) {
    return conditions().stream().filter(c -> type.equals(c.type())).findFirst();
  }

  @SuppressWarnings("unchecked")
  List<Condition> conditions() {
    Object status = resource.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return List.of();
    }
    return list.stream()
        .filter(Map.class::isInstance)
        .map(c -> (Map<String, Object>) c)
        .map(
            c ->
                new Condition(
                    str(c.get("type")),
                    str(c.get("status")),
                    str(c.get("reason")),
                    str(c.get("message"))))
        .toList();
  }

  /** One line for reports: name, phase, Ready reason and message. */
  String summary() {
    String reason = condition("Ready").map(Condition::reason).orElse("-");
    return name()
        + (deleting() ? " (deleting)" : "")
        + " phase="
        + phase()
        + " reason="
        + reason
        + " message="
        + message();
  }

  @SuppressWarnings("unchecked")
  private String text(String section, String field) {
    Object part = resource.getAdditionalProperties().get(section);
    if (!(part instanceof Map<?, ?> map)) return null;
    return str(((Map<String, Object>) map).get(field));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
