package dev.slipway.stateful;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** What the step driver knows of one Slipway object between passes. */
final class TrackedObject {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final AtomicLong CREATED = new AtomicLong();
  final String kind;
  final String uid;
  final String name;
  final String ownerUid;
  final long order = CREATED.getAndIncrement();
  String version;

  /**
   * What a person would call a change: spec, status, generation, finalizers and deletion, not the
   * resourceVersion (which moves on every write, even one that changes nothing).
   */
  int content;

  Long generation;
  Map<String, String> annotations;
  List<String> finalizers;
  boolean deleting;
  CustomResource<?, ?> latest;
  boolean dirty = true;
  Instant dueAt;
  int attempt;

  private TrackedObject(CustomResource<?, ?> r) {
    this.kind = r.getKind();
    this.uid = r.getMetadata().getUid();
    this.name = r.getMetadata().getName();
    this.ownerUid =
        r.getMetadata().getOwnerReferences() == null
            ? null
            : r.getMetadata().getOwnerReferences().stream()
                .filter(o -> "StagingEnvironment".equals(o.getKind()))
                .map(o -> o.getUid())
                .findFirst()
                .orElse(null);
    remember(r);
  }

  static TrackedObject of(CustomResource<?, ?> r) {
    return new TrackedObject(r);
  }

  /**
   * Records the object as now listed; true if it changed at all. Marks it due when it changed the
   * way the operator's update filter reacts to (not a status-only change).
   */
  boolean changedFor(CustomResource<?, ?> r) {
    boolean changed = !r.getMetadata().getResourceVersion().equals(version);
    boolean worth =
        !Objects.equals(generation, r.getMetadata().getGeneration())
            || !Objects.equals(annotations, r.getMetadata().getAnnotations())
            || !Objects.equals(finalizers, r.getMetadata().getFinalizers())
            || deleting != r.isMarkedForDeletion();
    if (worth) dirty = true;
    remember(r);
    return changed;
  }

  private void remember(CustomResource<?, ?> r) {
    latest = r;
    version = r.getMetadata().getResourceVersion();
    content =
        Objects.hash(
            SERIALIZATION.asJson(r.getSpec()),
            SERIALIZATION.asJson(r.getStatus()),
            r.getMetadata().getGeneration(),
            r.getMetadata().getFinalizers(),
            r.isMarkedForDeletion());
    generation = r.getMetadata().getGeneration();
    annotations = r.getMetadata().getAnnotations();
    finalizers = r.getMetadata().getFinalizers();
    deleting = r.isMarkedForDeletion();
  }

  /** A new operator knows nothing: everything is reconciled once. */
  void forget() {
    dirty = true;
    dueAt = null;
    attempt = 0;
  }

  @Override
  public String toString() {
    return (kind.equals("StagingEnvironment") ? "stage/" : "sr/") + name;
  }
}
