package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The OpenAPI v3 component schemas of the custom resources in one group/version, built from the
 * installed CRDs' openAPIV3Schema the way kube-apiserver publishes them: named by reversed group,
 * version and kind, tagged with {@code x-kubernetes-group-version-kind} (how {@code kubectl
 * explain} finds a kind's schema), with apiVersion, kind and a metadata reference to ObjectMeta
 * added.
 */
final class CrdOpenApiSchemas {
  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private CrdOpenApiSchemas() {}

  /** Schemas by component name for every served version {@code version} of a CRD in group. */
  static ObjectNode forGroupVersion(
      List<CustomResourceDefinition> crds, String group, String version) {
    ObjectNode schemas = JSON.createObjectNode();
    for (CustomResourceDefinition crd : crds) {
      if (!crd.getSpec().getGroup().equals(group)) continue;
      for (CustomResourceDefinitionVersion served : crd.getSpec().getVersions()) {
        if (served.getServed() && served.getName().equals(version) && hasSchema(served)) {
          String kind = crd.getSpec().getNames().getKind();
          schemas.set(componentName(group, version, kind), kindSchema(served, group, kind));
        }
      }
    }
    if (!schemas.isEmpty()) {
      ObjectMetaSchemas.addTo(schemas);
    }
    return schemas;
  }

  /** {@code slipway.dev}, v1alpha1, ServiceRelease: {@code dev.slipway.v1alpha1.ServiceRelease}. */
  static String componentName(String group, String version, String kind) {
    List<String> labels = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(labels);
    return String.join(".", labels) + "." + version + "." + kind;
  }

  private static boolean hasSchema(CustomResourceDefinitionVersion version) {
    return version.getSchema() != null && version.getSchema().getOpenAPIV3Schema() != null;
  }

  private static ObjectNode kindSchema(
      CustomResourceDefinitionVersion version, String group, String kind) {
    ObjectNode schema = JSON.valueToTree(version.getSchema().getOpenAPIV3Schema());
    schema.put("type", "object");
    ObjectNode properties = schema.with("properties");
    properties
        .putObject("apiVersion")
        .put("type", "string")
        .put(
            "description",
            "The API group and version of this object, here "
                + group
                + "/"
                + version.getName()
                + ". A client sends it so the server knows which schema to read the object with.");
    properties
        .putObject("kind")
        .put("type", "string")
        .put("description", "The kind of this object, here " + kind + ". CamelCase, singular.");
    ObjectNode metadata = properties.putObject("metadata");
    metadata.put(
        "description",
        "Name, namespace, labels, annotations and the other metadata every Kubernetes object"
            + " has.");
    metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
    ObjectNode gvk = schema.putArray("x-kubernetes-group-version-kind").addObject();
    gvk.put("group", group).put("kind", kind).put("version", version.getName());
    removeNulls(schema);
    return schema;
  }

  /** Drops the null members the model serializes, which a JSON schema must not contain. */
  private static void removeNulls(JsonNode node) {
    if (node.isObject()) ((ObjectNode) node).properties().removeIf(e -> e.getValue().isNull());
    node.forEach(CrdOpenApiSchemas::removeNulls);
  }
}
