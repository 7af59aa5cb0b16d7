package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** Task definition revisions per family; revisions only ever count up, like ECS. */
final class TaskDefinitionRegistry {
  /** One revision and its tags (tags are mutable through TagResource). */
  static final class Entry {
    TaskDefinition definition;
    final List<Tag> tags = new ArrayList<>();

    Entry(TaskDefinition definition, List<Tag> tags) {
      this.definition = definition;
      this.tags.addAll(tags);
    }

    TaskDefinition definition() {
      return definition;
    }

    List<Tag> tags() {
      return tags;
    }

    boolean isActive() {
      return "ACTIVE".equals(definition.statusAsString());
    }
  }

  private final Map<String, TreeMap<Integer, Entry>> families = new TreeMap<>();
  private final Map<String, Integer> lastRevision = new HashMap<>();

  int nextRevision(String family) {
    return lastRevision.getOrDefault(family, 0) + 1;
  }

  Entry add(TaskDefinition td, List<Tag> tags) {
    Entry e = new Entry(td, tags);
    families.computeIfAbsent(td.family(), f -> new TreeMap<>()).put(td.revision(), e);
    lastRevision.put(td.family(), td.revision());
    return e;
  }

  /** Resolves "family" (latest ACTIVE), "family:revision" or a full ARN; null if unknown. */
  Entry resolve(String ref) {
    if (ref == null || ref.isEmpty()) return null;
    String spec = ref.startsWith("arn:") ? ref.substring(ref.indexOf('/') + 1) : ref;
    int colon = spec.lastIndexOf(':');
    if (colon < 0) {
      TreeMap<Integer, Entry> revs = families.get(spec);
      if (revs == null) return null;
      return revs.descendingMap().values().stream()
          .filter(Entry::isActive)
          .findFirst()
          .orElse(null);
    }
    TreeMap<Integer, Entry> revs = families.get(spec.substring(0, colon));
    if (revs == null) return null;
    try {
      return revs.get(Integer.parseInt(spec.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  Entry byArn(String arn) {
    return resolve(arn);
  }

  void deregister(Entry e, Instant at) {
    e.definition = e.definition.toBuilder().status("INACTIVE").deregisteredAt(at).build();
  }

  /** ARNs filtered by exact family (ECS's familyPrefix is a full family name) and status. */
  List<String> list(String family, String status, boolean descending) {
    List<Entry> out = new ArrayList<>();
    families.forEach(
        (f, revs) -> {
          if (family == null || family.equals(f)) out.addAll(revs.values());
        });
    Comparator<Entry> order =
        Comparator.comparing((Entry e) -> e.definition.family())
            .thenComparing(e -> e.definition.revision());
    out.sort(descending ? order.reversed() : order);
    return out.stream()
        .filter(e -> e.definition.statusAsString().equals(status))
        .map(e -> e.definition.taskDefinitionArn())
        .toList();
  }

  List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    families.values().forEach(revs -> out.addAll(revs.values()));
    return out;
  }
}
