package dev.slipway.stateful;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every Slipway object the driver ever saw, even ones created and deleted between two of the test's
 * looks: kind, name, owning environment, and (for releases) the deletion policy last seen. The
 * ledger names creators by uid; this says whose child a creator was.
 */
final class Lineage {
  /** One object as last seen. */
  record Info(String kind, String name, String uid, String ownerUid, String deletionPolicy) {}

  private final KubernetesClient client;
  private final Map<String, Info> byUid = new LinkedHashMap<>();

  Lineage(KubernetesClient client) {
    this.client = client;
  }

  void saw(CustomResource<?, ?> r, String ownerUid) {
    String policy = null;
    if ("ServiceRelease".equals(r.getKind()) && r.getSpec() != null) {
      Object p =
          client
              .getKubernetesSerialization()
              .convertValue(r.getSpec(), Map.class)
              .get("deletionPolicy");
      policy = p == null ? "Retain" : p.toString();
    }
    byUid.put(
        r.getMetadata().getUid(),
        new Info(
            r.getKind(), r.getMetadata().getName(), r.getMetadata().getUid(), ownerUid, policy));
  }

  Optional<Info> of(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  /** True when {@code uid} is {@code ancestor} or one of its (transitive) children. */
  boolean within(String uid, String ancestor) {
    for (String at = uid; at != null; at = of(at).map(Info::ownerUid).orElse(null)) {
      if (at.equals(ancestor)) return true;
    }
    return false;
  }
}
