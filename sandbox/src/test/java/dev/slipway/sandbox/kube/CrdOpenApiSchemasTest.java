package dev.slipway.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI v3 schemas of custom resources look as kube-apiserver publishes them. */
class CrdOpenApiSchemasTest {
  private static final Path CRD = Path.of("../crds/servicereleases.slipway.dev-v1.yml");

  @Test
  void componentNamesReverseTheGroup() {
    assertThat(CrdOpenApiSchemas.componentName("slipway.dev", "v1alpha1", "ServiceRelease"))
        .isEqualTo("dev.slipway.v1alpha1.ServiceRelease");
    assertThat(CrdOpenApiSchemas.componentName("test.slipway.dev", "v1", "Widget"))
        .isEqualTo("dev.slipway.test.v1.Widget");
  }

  @Test
  void aKindSchemaIsTheCrdSchemaWithTypeMetaObjectMetaAndItsGvk() throws IOException {
    JsonNode schemas =
        CrdOpenApiSchemas.forGroupVersion(List.of(serviceRelease()), "slipway.dev", "v1alpha1");

    JsonNode kind = schemas.get("dev.slipway.v1alpha1.ServiceRelease");
    assertThat(kind.at("/x-kubernetes-group-version-kind/0").toString())
        .isEqualTo(
            "{\"group\":\"slipway.dev\",\"kind\":\"ServiceRelease\",\"version\":\"v1alpha1\"}");
    assertThat(kind.at("/properties/metadata/allOf/0/$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(kind.at("/properties/apiVersion/description").asText()).contains("slipway.dev");
    assertThat(kind.at("/properties/spec/properties/cluster/description").asText())
        .contains("ECS cluster");
    assertThat(kind.toString()).doesNotContain(":null");
    assertThat(schemas.has(CrdOpenApiSchemas.OBJECT_META)).isTrue();
  }

  @Test
  void otherGroupsAndVersionsGetNothing() throws IOException {
    assertThat(
            CrdOpenApiSchemas.forGroupVersion(List.of(serviceRelease()), "slipway.dev", "v1")
                .isEmpty())
        .isTrue();
    assertThat(
            CrdOpenApiSchemas.forGroupVersion(List.of(serviceRelease()), "apps", "v1alpha1")
                .isEmpty())
        .isTrue();
  }

  private static CustomResourceDefinition serviceRelease() throws IOException {
    try (InputStream in = Files.newInputStream(CRD)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }
}
