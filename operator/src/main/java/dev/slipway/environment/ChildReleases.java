package dev.slipway.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.status.Conditions;
import dev.slipway.status.DeletionFrame;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ServiceReleases an environment owns: created with an owner reference and a label carrying the
 * environment's uid (so they are found again without names), updated when the rendered spec moved,
 * and deleted on teardown. The release engine does the rest.
 */
final class ChildReleases {
  static final String OWNER_UID_LABEL = "slipway.dev/environment-uid";
  static final String ENVIRONMENT_LABEL = "slipway.dev/environment";
  static final String SLEEP_ANNOTATION = ServiceRelease.SLEEP_ANNOTATION;

  /** Which environment put a release it does not own to sleep, so it alone wakes it. */
  static final String SLEPT_BY_ANNOTATION = "slipway.dev/slept-by";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  ChildReleases(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates or updates one child, asleep or awake as the schedule says (an annotation the release
   * engine acts on; the spec stays as rendered); returns it as the API server has it now.
   */
  ServiceRelease apply(
      StagingEnvironment owner, String name, ServiceReleaseSpec spec, boolean asleep) {
    return apply(owner, name, spec, false, asleep);
  }

  /**
   * As above; with {@code keepNames} an existing child keeps its ECS service name and family (see
   * {@link #keepNames}), for names Slipway derives rather than ones a person chose.
   */
  ServiceRelease apply(
      StagingEnvironment owner,
      String name,
      ServiceReleaseSpec spec,
      boolean keepNames,
      boolean asleep) {
    String namespace = owner.getMetadata().getNamespace();
    ServiceRelease existing =
        client.resources(ServiceRelease.class).inNamespace(namespace).withName(name).get();
    if (existing == null) return create(owner, name, spec, asleep);
    if (!ownedBy(existing, owner)) {
      throw new ChildConflictException(
          "ServiceRelease "
              + namespace
              + "/"
              + name
              + " exists and does not belong to this environment; rename or delete it");
    }
    if (keepNames) keepNames(existing.getSpec(), spec);
    boolean sameSpec = JSON.valueToTree(existing.getSpec()).equals(JSON.valueToTree(spec));
    if (sameSpec && asleep(existing) == asleep) return existing;
    existing.setSpec(spec);
    existing.getMetadata().setAnnotations(withSleep(existing, asleep));
    return client.resource(existing).update();
  }

  /**
   * Puts a release this environment does not own (a releaseRef) to sleep or wakes it: only the
   * sleep annotation changes, never its spec, so whoever applies that spec has nothing to revert.
   */
  ServiceRelease sleepReferenced(StagingEnvironment env, ServiceRelease sr, boolean asleep) {
    if (sr == null || asleep(sr) == asleep || sr.isMarkedForDeletion()) return sr;
    Map<String, String> annotations = withSleep(sr, asleep);
    if (asleep) annotations.put(SLEPT_BY_ANNOTATION, env.getMetadata().getName());
    else annotations.remove(SLEPT_BY_ANNOTATION);
    try {
      return client
          .resources(ServiceRelease.class)
          .inNamespace(sr.getMetadata().getNamespace())
          .withName(sr.getMetadata().getName())
          .edit(
              r -> {
                r.getMetadata().setAnnotations(annotations);
                return r;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return null;
      throw e;
    }
  }

  /**
   * Wakes the releases this environment put to sleep that it no longer references (the releaseRef
   * was removed, or the environment is being deleted), so none is left asleep for good.
   */
  void wakeUnreferenced(StagingEnvironment env, java.util.Set<String> referenced) {
    String name = env.getMetadata().getName();
    client
        .resources(ServiceRelease.class)
        .inNamespace(env.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(r -> r.getMetadata().getAnnotations() != null)
        .filter(r -> name.equals(r.getMetadata().getAnnotations().get(SLEPT_BY_ANNOTATION)))
        .filter(r -> !referenced.contains(r.getMetadata().getName()))
        .forEach(r -> sleepReferenced(env, r, false));
  }

  /** Puts every existing child to sleep (or wakes it) without rendering its spec again. */
  void sleepAll(StagingEnvironment owner, boolean asleep) {
    for (ServiceRelease child : list(owner)) {
      if (asleep(child) == asleep || child.isMarkedForDeletion()) continue;
      Map<String, String> annotations = withSleep(child, asleep);
      client
          .resources(ServiceRelease.class)
          .inNamespace(child.getMetadata().getNamespace())
          .withName(child.getMetadata().getName())
          .edit(
              r -> {
                r.getMetadata().setAnnotations(annotations);
                return r;
              });
    }
  }

  static boolean asleep(ServiceRelease sr) {
    Map<String, String> a = sr.getMetadata().getAnnotations();
    return a != null && "true".equals(a.get(SLEEP_ANNOTATION));
  }

  private static Map<String, String> withSleep(ServiceRelease sr, boolean asleep) {
    Map<String, String> a = new TreeMap<>();
    if (sr.getMetadata().getAnnotations() != null) a.putAll(sr.getMetadata().getAnnotations());
    if (asleep) a.put(SLEEP_ANNOTATION, "true");
    else a.remove(SLEEP_ANNOTATION);
    return a;
  }

  /**
   * A child's ECS service name and task-definition family never change once it exists: renaming
   * would create a second service and strand the first (children made before names included the
   * shared environment keep theirs).
   */
  private static void keepNames(ServiceReleaseSpec existing, ServiceReleaseSpec desired) {
    if (existing == null) return;
    if (existing.serviceName != null) desired.serviceName = existing.serviceName;
    if (existing.taskDefinition != null
        && existing.taskDefinition.family != null
        && desired.taskDefinition != null) {
      desired.taskDefinition.family = existing.taskDefinition.family;
    }
  }

  /** The children of an environment, as the API server lists them. */
  List<ServiceRelease> list(StagingEnvironment owner) {
    return client
        .resources(ServiceRelease.class)
        .inNamespace(owner.getMetadata().getNamespace())
        .withLabel(OWNER_UID_LABEL, owner.getMetadata().getUid())
        .list()
        .getItems();
  }

  /** Asks for every child to be deleted; their finalizers remove the ECS services first. */
  void deleteAll(List<ServiceRelease> children) {
    for (ServiceRelease child : children) {
      if (child.isMarkedForDeletion()) continue;
      try {
        client.resource(child).delete();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) throw e;
      }
    }
  }

  /**
   * Marks each child for abandoning ({@code slipway.dev/abandon}) and deletes it: an environment
   * released on purpose releases its releases too, which then list what they leave.
   */
  void abandonAll(List<ServiceRelease> children) {
    children.forEach(child -> DeletionFrame.requestAbandon(client, child));
    deleteAll(children);
  }

  /**
   * Deletes an environment's child releases and says what is still going; empty when none is left.
   * A child whose own teardown is blocked blocks its parent's too, with the child's reason, so the
   * parent does not claim to be making progress.
   */
  Optional<String> removeAll(StagingEnvironment owner) {
    List<ServiceRelease> left = list(owner);
    if (left.isEmpty()) return Optional.empty();
    deleteAll(left);
    List<String> blocked =
        left.stream()
            .filter(r -> r.getStatus() != null && "TeardownBlocked".equals(reason(r)))
            .map(r -> r.getMetadata().getName() + ": " + r.getStatus().message)
            .toList();
    String waiting =
        "delete "
            + left.size()
            + " service"
            + (left.size() == 1 ? "" : "s")
            + " from ECS ("
            + String.join(", ", left.stream().map(r -> r.getMetadata().getName()).toList())
            + ")";
    if (!blocked.isEmpty()) {
      throw new DeletionFrame.TeardownBlockedException(
          waiting + "; blocked: " + String.join("; ", blocked));
    }
    return Optional.of("waiting to " + waiting);
  }

  private static String reason(ServiceRelease r) {
    return Conditions.find(r.getStatus().conditions, "Ready").map(c -> c.getReason()).orElse(null);
  }

  private ServiceRelease create(
      StagingEnvironment owner, String name, ServiceReleaseSpec spec, boolean asleep) {
    ServiceRelease sr = new ServiceRelease();
    sr.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(owner.getMetadata().getNamespace())
            .withLabels(labels(owner))
            .withAnnotations(asleep ? Map.of(SLEEP_ANNOTATION, "true") : Map.of())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind())
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    sr.setSpec(spec);
    return client.resource(sr).create();
  }

  /**
   * The environment's own labels (so an operator started with a label selector also sees the
   * children) plus the ones that tie the child to it.
   */
  private static Map<String, String> labels(StagingEnvironment owner) {
    Map<String, String> labels = new TreeMap<>();
    if (owner.getMetadata().getLabels() != null) labels.putAll(owner.getMetadata().getLabels());
    labels.put(OWNER_UID_LABEL, owner.getMetadata().getUid());
    labels.put(ENVIRONMENT_LABEL, labelValue(owner.getMetadata().getName()));
    return labels;
  }

  private static boolean ownedBy(ServiceRelease sr, StagingEnvironment owner) {
    Map<String, String> labels = sr.getMetadata().getLabels();
    return labels != null && owner.getMetadata().getUid().equals(labels.get(OWNER_UID_LABEL));
  }

  /** Label values stop at 63 characters; the uid label is what lookups use. */
  private static String labelValue(String name) {
    return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("[^A-Za-z0-9]+$", "");
  }

  /** A child's name is taken by a ServiceRelease that is not this environment's. */
  static final class ChildConflictException extends RuntimeException {
    ChildConflictException(String message) {
      super(message);
    }
  }
}
