package dev.slipway.sandbox.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What an API server must answer to a corpus manifest, asserted the same way against the embedded
 * API and the real kube-apiserver so the two cannot drift apart unnoticed.
 */
public final class AdmissionCheck {
  private AdmissionCheck() {}

  /**
   * Writes the invalid case (a create, or a create then the refused update) into a namespace and
   * asserts a 422 with the blamed field and words, and that nothing of it was stored.
   */
  public static void assertRefused(KubernetesClient client, String namespace, AdmissionCorpus c) {
    JsonNode first = inNamespace(c.first(), namespace);
    var objects = resources(client, first, namespace);
    String name = first.at("/metadata/name").asText();
    try {
      KubernetesClientException refused;
      if (c.isUpdate()) {
        objects.resource(generic(first)).create();
        refused =
            catchRefusal(
                () ->
                    objects
                        .withName(name)
                        .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            inNamespace(c.update(), namespace).toString()));
        JsonNode stored = Serialization.jsonMapper().valueToTree(objects.withName(name).get());
        assertThat(stored.get("spec"))
            .as("nothing of the refused update is stored")
            .isEqualTo(first.get("spec"));
      } else {
        refused = catchRefusal(() -> objects.resource(generic(first)).create());
        assertThat(objects.withName(name).get()).as("nothing is stored").isNull();
      }
      assertThat(refused.getCode()).as("%s", refused.getStatus()).isEqualTo(422);
      var status = refused.getStatus();
      assertThat(status.getStatus()).isEqualTo("Failure");
      assertThat(status.getReason()).isEqualTo("Invalid");
      assertThat(status.getMessage())
          .startsWith(first.get("kind").asText() + ".slipway.dev \"" + name + "\" is invalid: ")
          .contains(c.field() + ": ");
      assertThat(status.getDetails().getName()).isEqualTo(name);
      assertThat(status.getDetails().getGroup()).isEqualTo("slipway.dev");
      assertThat(status.getDetails().getKind()).isEqualTo(first.get("kind").asText());
      assertThat(status.getDetails().getCauses())
          .as("causes of %s", status.getMessage())
          .anySatisfy(
              (StatusCause cause) -> {
                assertThat(cause.getField()).isEqualTo(c.field());
                assertThat(cause.getReason()).startsWith("FieldValue");
                assertThat(cause.getField() + ": " + cause.getMessage()).contains(c.message());
              });
    } finally {
      objects.withName(name).delete();
    }
  }

  /** Creates the case's first document and asserts the API server took it. */
  public static void assertAccepted(KubernetesClient client, String namespace, AdmissionCorpus c) {
    JsonNode first = inNamespace(c.first(), namespace);
    var objects = resources(client, first, namespace);
    String name = first.at("/metadata/name").asText();
    try {
      objects.resource(generic(first)).create();
      assertThat(objects.withName(name).get()).isNotNull();
    } finally {
      objects.withName(name).delete();
    }
  }

  /** Asserts that a write is refused by the API server and returns the refusal. */
  public static KubernetesClientException catchRefusal(Runnable write) {
    Throwable thrown = catchThrowable(write::run);
    assertThat(thrown).isInstanceOf(KubernetesClientException.class);
    return (KubernetesClientException) thrown;
  }

  /** The generic resources of the object's kind in a namespace. */
  public static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resources(KubernetesClient client, JsonNode object, String namespace) {
    return client
        .genericKubernetesResources(object.get("apiVersion").asText(), object.get("kind").asText())
        .inNamespace(namespace);
  }

  /** The object as fabric8's generic resource. */
  public static GenericKubernetesResource generic(JsonNode object) {
    return Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
  }

  private static JsonNode inNamespace(JsonNode object, String namespace) {
    JsonNode copy = object.deepCopy();
    ((ObjectNode) copy.get("metadata")).put("namespace", namespace);
    return copy;
  }
}
