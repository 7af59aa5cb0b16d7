package dev.slipway.sandbox.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Schema features beyond what Slipway's CRDs use, checked on a small test CRD. */
class CustomResourceValidatorTest {
  private static final CustomResourceValidator GADGETS = load();

  @Test
  void defaultsAreAppliedAtEveryDepthBeforeValidation() {
    Verdict verdict = GADGETS.create(gadget("{\"items\": [{\"name\": \"a\"}]}"));
    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.object().at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(verdict.object().at("/spec/mode").asText()).isEqualTo("fast");
    assertThat(verdict.object().at("/spec/items/0/weight").asInt()).isEqualTo(5);
  }

  @Test
  void nullableIntOrStringAndPreservedFieldsAreAccepted() {
    Verdict verdict =
        GADGETS.create(
            gadget(
                "{\"note\": null, \"port\": \"http\", \"extra\": {\"anything\": [1, {\"a\": 2}]}}"));
    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.unknownFields()).isEmpty();
    assertThat(verdict.object().at("/spec/note").isNull()).isTrue();
    assertThat(verdict.object().at("/spec/extra/anything/1/a").asInt()).isEqualTo(2);
    assertThat(GADGETS.create(gadget("{\"port\": 8080}")).errors()).isEmpty();
    assertThat(GADGETS.create(gadget("{\"port\": true}")).message())
        .contains("spec.port: Invalid value: \"boolean\"");
  }

  @Test
  void nullInANonNullableFieldIsPrunedNotRejected() {
    Verdict verdict = GADGETS.create(gadget("{\"owner\": null}"));
    assertThat(verdict.errors()).isEmpty();
    assertThat(verdict.object().at("/spec").has("owner")).isFalse();
  }

  @Test
  void messageExpressionFieldPathAndReasonShapeTheError() {
    assertThat(GADGETS.create(gadget("{\"replicas\": 12}")).message())
        .isEqualTo(
            "Gadget.test.slipway.dev \"g\" is invalid: spec: Invalid value: \"object\":"
                + " replicas must be at most 10, got 12");
    Verdict empty = GADGETS.create(gadget("{\"owner\": \"\"}"));
    assertThat(empty.errors())
        .singleElement()
        .hasToString("spec.owner: Required value: owner must not be empty");
    assertThat(empty.errors().get(0).type().reason()).isEqualTo("FieldValueRequired");
  }

  @Test
  void ruleOnMapValuesNamesTheKey() {
    assertThat(GADGETS.create(gadget("{\"limits\": {\"cpu\": -1}}")).message())
        .contains("spec.limits[cpu]: Invalid value: \"integer\": limits must not be negative");
  }

  @Test
  void transitionRulesRunOnUpdateOnlyAndNotInsideLists() {
    JsonNode old =
        GADGETS.create(gadget("{\"replicas\": 5, \"items\": [{\"name\": \"a\"}]}")).object();
    JsonNode shrunk = gadget("{\"replicas\": 3, \"items\": [{\"name\": \"b\"}]}");
    assertThat(GADGETS.create(shrunk).errors()).isEmpty();
    Verdict update = GADGETS.update(shrunk, old);
    assertThat(update.errors())
        .singleElement()
        .hasToString("spec: Invalid value: \"object\": replicas may only grow");
  }

  @Test
  void updatesRatchetErrorsAboutValuesTheyDoNotChange() {
    // Stored before the CRD was tightened: mode is not one of the enum values.
    JsonNode stored = GADGETS.create(gadget("{\"mode\": \"warp\", \"replicas\": 2}")).object();
    assertThat(GADGETS.create(stored).allowed()).isFalse();

    JsonNode labelled = stored.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) labelled.get("metadata"))
        .putArray("finalizers")
        .add("test.slipway.dev/x");
    assertThat(GADGETS.update(labelled, stored).errors()).isEmpty();

    JsonNode grown = labelled.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) grown.get("spec")).put("replicas", 12);
    assertThat(GADGETS.update(grown, stored).errors())
        .singleElement()
        .hasToString("spec: Invalid value: \"object\": replicas must be at most 10, got 12");

    JsonNode otherMode = labelled.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) otherMode.get("spec")).put("mode", "warp9");
    assertThat(GADGETS.update(otherMode, stored).message())
        .contains("spec.mode: Unsupported value");
  }

  @Test
  void enumErrorsListTheSupportedValues() {
    Verdict verdict = GADGETS.create(gadget("{\"mode\": \"warp\"}"));
    assertThat(verdict.errors().get(0))
        .hasToString(
            "spec.mode: Unsupported value: \"warp\": supported values: \"fast\", \"slow\"");
    assertThat(verdict.status().at("/details/causes/0/reason").asText())
        .isEqualTo("FieldValueNotSupported");
    assertThat(verdict.status().get("code").asInt()).isEqualTo(422);
  }

  @Test
  void goNumberFormattingMatchesTheApiServer() {
    assertThat(GoFormat.number(65535)).isEqualTo("65535");
    assertThat(GoFormat.number(2147483647)).isEqualTo("2.147483647e+09");
    assertThat(GoFormat.number(0.5)).isEqualTo("0.5");
  }

  private static JsonNode gadget(String spec) {
    return Serialization.jsonMapper()
        .createObjectNode()
        .put("apiVersion", "test.slipway.dev/v1")
        .put("kind", "Gadget")
        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
            "metadata", Serialization.jsonMapper().createObjectNode().put("name", "g"))
        .set("spec", parse(spec));
  }

  private static JsonNode parse(String json) {
    try {
      return Serialization.jsonMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static CustomResourceValidator load() {
    try (InputStream in =
        CustomResourceValidatorTest.class.getResourceAsStream("/admission/features-crd.yaml")) {
      return CustomResourceValidator.fromYaml(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
