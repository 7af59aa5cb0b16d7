package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field of the committed CRDs explains itself: {@code kubectl explain} is how users learn the
 * API, so a field without a description fails the build with its path.
 */
class CrdDescriptionsTest {
  private static final Path CRDS = Path.of("../crds");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "servicereleases.slipway.dev-v1.yml",
        "stagingenvironments.slipway.dev-v1.yml",
        "scheduledtasks.slipway.dev-v1.yml"
      })
  void everyPropertyHasADescription(String file) throws IOException {
    JsonNode crd = new YAMLMapper().readTree(CRDS.resolve(file).toFile());
    List<String> undescribed = new ArrayList<>();
    for (JsonNode version : crd.at("/spec/versions")) {
      String root = version.path("name").asText();
      JsonNode schema = version.at("/schema/openAPIV3Schema");
      requireDescription(schema, root, undescribed);
      walk(schema, root, undescribed);
    }

    assertThat(undescribed)
        .as("properties of %s without a description (add @JsonPropertyDescription)", file)
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"servicereleases.slipway.dev-v1.yml"})
  void theWalkFindsAFieldWithoutADescription(String file) throws IOException {
    JsonNode crd = new YAMLMapper().readTree(CRDS.resolve(file).toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
    // A container field, an array item's property, loses its description.
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            schema
                .at("/properties/spec/properties/taskDefinition/properties/containers/items")
                .at("/properties/image"))
        .remove("description");

    List<String> undescribed = new ArrayList<>();
    walk(schema, "v1alpha1", undescribed);

    assertThat(undescribed).containsExactly("v1alpha1.spec.taskDefinition.containers[].image");
  }

  /**
   * Visits every property below {@code schema}: object properties by name, array items as {@code
   * []} and map values as {@code {}} (their own description is the field's, so only the properties
   * inside them are checked).
   */
  private static void walk(JsonNode schema, String path, List<String> undescribed) {
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      String child = path + "." + property.getKey();
      requireDescription(property.getValue(), child, undescribed);
      walk(property.getValue(), child, undescribed);
    }
    if (schema.path("items").isObject()) {
      walk(schema.get("items"), path + "[]", undescribed);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + "{}", undescribed);
    }
  }

  private static void requireDescription(JsonNode schema, String path, List<String> undescribed) {
    if (schema.path("description").asText("").isBlank()) {
      undescribed.add(path);
    }
  }
}
