package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The StagingEnvironment CRD carries the shape rules and columns users rely on. */
class StagingEnvironmentCrdTest {
  private static CustomResourceDefinitionVersion version() throws IOException {
    String yaml = Files.readString(Path.of("../crds/stagingenvironments.slipway.dev-v1.yml"));
    CustomResourceDefinition crd =
        new KubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("stage");
    return crd.getSpec().getVersions().get(0);
  }

  @Test
  void hasStatusSubresourceAndColumns() throws IOException {
    CustomResourceDefinitionVersion v = version();
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(v.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .containsExactlyInAnyOrder("Branch", "Phase", "URL", "Age");
  }

  @Test
  void specRulesSeparateTheTwoShapesAndFreezeIdentity() throws IOException {
    JSONSchemaProps spec = version().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    List<String> rules =
        spec.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
    assertThat(rules)
        .anySatisfy(r -> assertThat(r).contains("has(self.from) ?").contains("has(self.imageTag)"));
    assertThat(rules)
        .anySatisfy(
            r -> assertThat(r).contains("!has(self.services)").contains("!has(self.branches)"));
    assertThat(rules)
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("self.from == oldSelf.from")
                    .contains("self.branch == oldSelf.branch"));
    JSONSchemaProps routing = spec.getProperties().get("branches").getProperties().get("routing");
    assertThat(routing.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .anySatisfy(r -> assertThat(r).contains("self.mode == 'Port'"));
    assertThat(routing.getProperties().get("mode").getEnum()).hasSize(2);
  }
}
