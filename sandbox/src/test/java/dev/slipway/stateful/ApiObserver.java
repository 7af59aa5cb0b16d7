package dev.slipway.stateful;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The step driver's view of one namespace's Slipway objects, kept as JOSDK's informers would keep
 * theirs: what each object last looked like, and whether the operator should look at it again
 * (created, spec, annotations, finalizers or deletion changed; for an environment, any change of a
 * child ServiceRelease). It also stands in for the cluster's garbage collector.
 */
final class ApiObserver {
  private final KubernetesClient client;
  private final String namespace;
  private final Lineage lineage;
  private final Consumer<String> note;
  private final Map<String, TrackedObject> tracked = new LinkedHashMap<>();

  ApiObserver(KubernetesClient client, String namespace, Lineage lineage, Consumer<String> note) {
    this.client = client;
    this.namespace = namespace;
    this.lineage = lineage;
    this.note = note;
  }

  /** Every object known, by uid, in the order first seen. */
  Map<String, TrackedObject> tracked() {
    return tracked;
  }

  /** Lists both kinds: everything the operator would react to, and gone objects forgotten. */
  void observeAll() {
    List<CustomResource<?, ?>> all = new ArrayList<>();
    all.addAll(client.resources(StagingEnvironment.class).inNamespace(namespace).list().getItems());
    all.addAll(client.resources(ServiceRelease.class).inNamespace(namespace).list().getItems());
    Set<String> present = new HashSet<>();
    all.forEach(r -> present.add(seen(r).uid));
    tracked.keySet().retainAll(present);
    collectGarbage();
  }

  /** Reads again what the operator wrote (or lists all after a create). */
  void observeWritten(ApiWrites.Touched touched) {
    if (touched.relist()) {
      observeAll();
      return;
    }
    for (String object : touched.objects()) {
      String[] pluralAndName = object.split("/");
      boolean environment = pluralAndName[0].equals("stagingenvironments");
      CustomResource<?, ?> r =
          environment
              ? client
                  .resources(StagingEnvironment.class)
                  .inNamespace(namespace)
                  .withName(pluralAndName[1])
                  .get()
              : client
                  .resources(ServiceRelease.class)
                  .inNamespace(namespace)
                  .withName(pluralAndName[1])
                  .get();
      String kind = environment ? "StagingEnvironment" : "ServiceRelease";
      tracked
          .values()
          .removeIf(
              t ->
                  t.kind.equals(kind)
                      && t.name.equals(pluralAndName[1])
                      && (r == null || !t.uid.equals(r.getMetadata().getUid())));
      if (r != null) seen(r);
    }
    collectGarbage();
  }

  /** Records one object as read now; marks it (or its environment) due as JOSDK would. */
  private TrackedObject seen(CustomResource<?, ?> r) {
    TrackedObject known = tracked.get(r.getMetadata().getUid());
    TrackedObject t = known == null ? TrackedObject.of(r) : known;
    tracked.put(t.uid, t);
    lineage.saw(r, t.ownerUid);
    int before = t.content;
    boolean changed = known == null || t.changedFor(r);
    if (known != null && t.content != before) note.accept(t + " changed");
    if (changed && t.ownerUid != null && tracked.containsKey(t.ownerUid)) {
      // The environment controller watches its children's every change.
      tracked.get(t.ownerUid).dirty = true;
    }
    return t;
  }

  String fingerprint() {
    StringBuilder out = new StringBuilder();
    tracked.values().forEach(t -> out.append(t.uid).append('@').append(t.content).append(' '));
    return out.toString();
  }

  /** Deletes children whose owner is gone, as the cluster's garbage collector would. */
  private void collectGarbage() {
    for (TrackedObject t : List.copyOf(tracked.values())) {
      if (t.ownerUid == null || tracked.containsKey(t.ownerUid) || t.deleting) continue;
      try {
        client.resource(t.latest).delete();
        note.accept("garbage collector deleted " + t);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) throw e;
      }
    }
  }
}
