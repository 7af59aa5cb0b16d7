package dev.slipway.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * Puts into a generated CRD the descriptions that field annotations cannot reach: the kind's own,
 * those of spec and status (fields of fabric8's CustomResource), and those of the fields of
 * fabric8's Condition. The CRD generator runs it at build time ({@code @SchemaCustomizer} on each
 * kind, with the kind's texts as YAML input); nothing uses it at run time.
 */
public final class SchemaDescriptions implements SchemaCustomizer.Customizer {
  /** What each field of a status condition says; the same on both kinds. */
  static final Map<String, String> CONDITION_FIELDS =
      Map.of(
          "type",
          "What the condition is about: Ready (the resource is what its spec asks for), Progressing"
              + " (Slipway is still working towards it) or Degraded (something failed and needs a"
              + " person).",
          "status",
          "True, False or Unknown.",
          "reason",
          "A one-word, CamelCase cause a script can match on, e.g. RolloutComplete, Invalid or"
              + " SecretNotFound.",
          "message",
          "What happened, for a person; empty when there is nothing to add.",
          "lastTransitionTime",
          "When status last changed (RFC 3339). Kept when a pass finds the same status, so it"
              + " tells how long the condition has held.",
          "observedGeneration",
          "The metadata.generation of the spec this condition was computed for; older than the"
              + " resource's generation means Slipway has not acted on the latest change yet.");

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps root, String input, KubernetesSerialization serialization) {
    Texts texts = serialization.unmarshal(input, Texts.class);
    root.setDescription(texts.description);
    property(root, "spec").setDescription(texts.spec);
    JSONSchemaProps status = property(root, "status");
    status.setDescription(texts.status);
    describeConditions(property(status, "conditions"));
    return root;
  }

  /** The kind's own texts, as given in the annotation's YAML input. */
  public static final class Texts {
    public String description;
    public String spec;
    public String status;
  }

  private static void describeConditions(JSONSchemaProps conditions) {
    Map<String, JSONSchemaProps> fields = conditions.getItems().getSchema().getProperties();
    CONDITION_FIELDS.forEach((name, text) -> property(fields, name).setDescription(text));
  }

  private static JSONSchemaProps property(JSONSchemaProps object, String name) {
    return property(object.getProperties(), name);
  }

  private static JSONSchemaProps property(Map<String, JSONSchemaProps> properties, String name) {
    JSONSchemaProps property = properties == null ? null : properties.get(name);
    if (property == null) {
      // A renamed field must fail the build, not silently lose its description.
      throw new IllegalStateException("no property " + name + " to describe");
    }
    return property;
  }
}
