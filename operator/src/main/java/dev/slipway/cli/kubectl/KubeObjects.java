package dev.slipway.cli.kubectl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and annotates Slipway's objects for the kubectl verbs. Objects are read generically, so
 * status fields this client's classes do not know yet (a newer operator's) are still shown.
 */
final class KubeObjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cluster cluster;

  KubeObjects(Cluster cluster) {
    this.cluster = cluster;
  }

  /**
   * The object as JSON; refused with kubectl's wording when it does not exist, naming another kind
   * that has an object of that name.
   */
  ObjectNode get(ObjectRef ref) {
    GenericKubernetesResource found = resource(ref).get();
    if (found == null) {
      throw KubectlFailure.refused(ref.notFoundIn(cluster.namespace()) + otherKindNamed(ref));
    }
    return JSON.valueToTree(found);
  }

  /**
   * {@code ; a ServiceRelease of that name exists: sr/web}, or nothing. A bare NAME is of the
   * verb's kind, so {@code status nightly} means a ServiceRelease: the hint says what was meant.
   * Asked only once the object is missing, so it costs nothing on the way that works.
   */
  private String otherKindNamed(ObjectRef ref) {
    for (ObjectKind other : ObjectKind.values()) {
      if (other == ref.kind()) continue;
      try {
        if (resource(new ObjectRef(other, ref.name())).get() != null) {
          return "; a "
              + other.kind()
              + " of that name exists: "
              + other.shortName()
              + "/"
              + ref.name();
        }
      } catch (KubernetesClientException e) {
        // Not allowed to read that kind, or it is not installed: no hint, the answer stands.
      }
    }
    return "";
  }

  /**
   * Sets one annotation with a JSON merge patch of metadata.annotations alone: the operator writes
   * status concurrently, and a patch of only this key can neither lose its writes nor conflict.
   */
  void annotate(ObjectRef ref, String key, String value) {
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").putObject("annotations").put(key, value);
    try {
      resource(ref).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      // Deleted since it was read.
      if (e.getCode() == 404) throw KubectlFailure.refused(ref.notFoundIn(cluster.namespace()));
      throw e;
    }
  }

  /** The object's Events, oldest first, as kubectl describe lists them. */
  List<EventLine> events(ObjectRef ref, String uid) {
    return cluster
        .client()
        .v1()
        .events()
        .inNamespace(cluster.namespace())
        .withField("involvedObject.name", ref.name())
        .withField("involvedObject.kind", ref.kind().kind())
        .list()
        .getItems()
        .stream()
        // A recreated object of the same name is another object: its predecessor's Events differ
        // by uid. Events recorded without one are kept.
        .filter(
            e ->
                uid == null
                    || e.getInvolvedObject().getUid() == null
                    || uid.equals(e.getInvolvedObject().getUid()))
        .map(EventLine::of)
        .sorted(
            Comparator.comparing(
                EventLine::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())))
        .toList();
  }

  private Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    return cluster
        .client()
        .genericKubernetesResources(ref.kind().resource())
        .inNamespace(cluster.namespace())
        .withName(ref.name());
  }
}
