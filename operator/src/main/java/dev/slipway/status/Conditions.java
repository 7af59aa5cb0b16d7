package dev.slipway.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sets standard Kubernetes conditions on a status list, keeping {@code lastTransitionTime} when the
 * condition's status did not change, so status patches only happen on real change.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  private Conditions() {}

  public static void set(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String value = status ? "True" : "False";
    Optional<Condition> existing = find(conditions, type);
    String transition =
        existing
            .filter(c -> value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message == null ? "" : message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(updated);
    conditions.sort(java.util.Comparator.comparing(Condition::getType));
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
