package dev.slipway.stateful;

import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The test's own hands on the API server, as a user's: YAML in, generic objects out. Everything the
 * sequences create lives in one namespace, which {@link #wipe()} empties at the end.
 */
final class Api {
  static final String GROUP_VERSION = "slipway.dev/v1alpha1";
  static final String ENVIRONMENT = "StagingEnvironment";
  static final String RELEASE = "ServiceRelease";

  private final KubernetesClient client;
  private final String namespace;

  Api(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  String namespace() {
    return namespace;
  }

  void createNamespace() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .createOr(c -> c.update());
  }

  /** Held while admission is off for one create, so no other sequence's create slips past it. */
  private static final Object ADMISSION = new Object();

  /** Creates the object of a YAML document in the namespace; returns it as stored. */
  Obj create(String yaml) {
    synchronized (ADMISSION) {
      return new Obj(client.resource(resource(yaml)).create());
    }
  }

  /**
   * Creates an object the CRD's rules refuse, as one stored before the rules existed (or on an API
   * server without CEL) would be: the operator must refuse it itself. Checks first that the API
   * server does refuse it.
   */
  Obj createPastAdmission(String yaml, EmbeddedKubeApi server) {
    synchronized (ADMISSION) {
      try {
        client.resource(resource(yaml)).create();
        throw new IllegalStateException("admission accepted a manifest its rules refuse: " + yaml);
      } catch (KubernetesClientException refused) {
        if (refused.getCode() != 422) throw refused;
      }
      server.setAdmission(false);
      try {
        return new Obj(client.resource(resource(yaml)).create());
      } finally {
        server.setAdmission(true);
      }
    }
  }

  private GenericKubernetesResource resource(String yaml) {
    GenericKubernetesResource g =
        client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    g.getMetadata().setNamespace(namespace);
    return g;
  }

  List<Obj> list(String kind) {
    return kind(kind).inNamespace(namespace).list().getItems().stream().map(Obj::new).toList();
  }

  Optional<Obj> get(String kind, String name) {
    return Optional.ofNullable(kind(kind).inNamespace(namespace).withName(name).get())
        .map(Obj::new);
  }

  /** Changes the spec of an existing object; false if it is gone. */
  @SuppressWarnings("unchecked")
  boolean editSpec(String kind, String name, Consumer<Map<String, Object>> change) {
    Resource<GenericKubernetesResource> r = kind(kind).inNamespace(namespace).withName(name);
    if (r.get() == null) return false;
    r.edit(
        g -> {
          change.accept((Map<String, Object>) g.getAdditionalProperties().get("spec"));
          return g;
        });
    return true;
  }

  /** Asks for deletion (finalizers run); false if it was already gone. */
  boolean delete(String kind, String name) {
    try {
      return !kind(kind).inNamespace(namespace).withName(name).delete().isEmpty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return false;
      throw e;
    }
  }

  void createSecret(String name, String user) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("username", user, "password", ""))
                .build())
        .createOr(c -> c.update());
  }

  void deleteSecret(String name) {
    client.secrets().inNamespace(namespace).withName(name).delete();
  }

  /**
   * Removes every Slipway object of the namespace without asking the operator (finalizers
   * stripped), then its Events, Secrets and the namespace itself.
   */
  void wipe() {
    for (String kind : List.of(RELEASE, ENVIRONMENT)) {
      for (GenericKubernetesResource g : kind(kind).inNamespace(namespace).list().getItems()) {
        Resource<GenericKubernetesResource> r =
            kind(kind).inNamespace(namespace).withName(g.getMetadata().getName());
        try {
          r.edit(
              x -> {
                x.getMetadata().setFinalizers(new ArrayList<>());
                return x;
              });
          r.delete();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) throw e;
        }
      }
    }
    client.v1().events().inNamespace(namespace).delete();
    client.secrets().inNamespace(namespace).delete();
    client.namespaces().withName(namespace).delete();
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      kind(String kind) {
    return client.genericKubernetesResources(GROUP_VERSION, kind);
  }
}
