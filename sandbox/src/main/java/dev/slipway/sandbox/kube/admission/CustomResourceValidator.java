package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates custom resources against their CRD the way kube-apiserver admits them: prune unknown
 * fields, apply schema defaults, check the openAPIV3Schema, then the CEL rules. Pure: a CRD and an
 * object (plus the old object on update) in, a {@link Verdict} out; the embedded API, the examples
 * test and the chart test all use it.
 */
public final class CustomResourceValidator {
  private static final String BLOCKED =
      "some validation rules were not checked because the object was invalid; correct the"
          + " existing errors to complete validation";

  /** Schema errors that stop CEL evaluation (the rules would read missing or mistyped data). */
  private static final Set<FieldError.Type> BLOCKING =
      Set.of(
          FieldError.Type.TYPE_INVALID,
          FieldError.Type.REQUIRED,
          FieldError.Type.NOT_SUPPORTED,
          FieldError.Type.TOO_LONG,
          FieldError.Type.TOO_MANY);

  /** What a version without a schema accepts: any object. */
  private static final JsonNode EMPTY_SCHEMA =
      Serialization.jsonMapper().createObjectNode().put("type", "object");

  /** One served version's schema, ready to check. */
  private record Version(JsonNode schema, SchemaCheck check) {}

  private final String group;
  private final String kind;
  private final String storageVersion;
  private final boolean statusSubresource;
  private final Map<String, Version> versions = new LinkedHashMap<>();
  private final CelRules cel = new CelRules();

  private CustomResourceValidator(CustomResourceDefinition crd) {
    this.group = crd.getSpec().getGroup();
    this.kind = crd.getSpec().getNames().getKind();
    String storage = null;
    boolean status = false;
    for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
      JsonNode schema =
          v.getSchema() == null || v.getSchema().getOpenAPIV3Schema() == null
              ? EMPTY_SCHEMA
              : Serialization.jsonMapper().valueToTree(v.getSchema().getOpenAPIV3Schema());
      versions.put(v.getName(), new Version(schema, new SchemaCheck(schema)));
      if (Boolean.TRUE.equals(v.getStorage()) || storage == null) {
        storage = v.getName();
      }
      status |= v.getSubresources() != null && v.getSubresources().getStatus() != null;
    }
    this.storageVersion = storage;
    this.statusSubresource = status;
  }

  public static CustomResourceValidator of(CustomResourceDefinition crd) {
    return new CustomResourceValidator(crd);
  }

  /** Reads one CustomResourceDefinition from YAML or JSON. */
  public static CustomResourceValidator fromYaml(InputStream yaml) {
    return of(Serialization.unmarshal(yaml, CustomResourceDefinition.class));
  }

  public String group() {
    return group;
  }

  public String kind() {
    return kind;
  }

  public boolean hasStatusSubresource() {
    return statusSubresource;
  }

  /** Admits a new object: transition rules (those using oldSelf) are skipped. */
  public Verdict create(JsonNode object) {
    return admit(object, null, false);
  }

  /** Admits a replacement of {@code old}; transition rules compare the two. */
  public Verdict update(JsonNode object, JsonNode old) {
    return admit(object, old, false);
  }

  /** Admits a status write: only errors under {@code status} count. */
  public Verdict updateStatus(JsonNode object, JsonNode old) {
    return admit(object, old, true);
  }

  private Verdict admit(JsonNode input, JsonNode old, boolean statusOnly) {
    JsonNode object = input.deepCopy();
    Version version = versionOf(object);
    List<String> unknown = new ArrayList<>();
    Pruning.prune(object, version.schema(), unknown);
    Defaulting.apply(object, version.schema());
    List<FieldError> errors = new ArrayList<>(version.check().validate(object));
    ratchet(errors, object, old);
    if (errors.stream().anyMatch(e -> BLOCKING.contains(e.type()))) {
      errors.add(FieldError.invalid("<nil>", (JsonNode) null, BLOCKED));
    } else {
      List<FieldError> rules = new ArrayList<>(cel.validate(object, old, version.schema()));
      ratchet(rules, object, old);
      errors.addAll(rules);
    }
    if (statusOnly) {
      errors.removeIf(e -> !isStatusField(e.field()));
      unknown.removeIf(f -> !isStatusField(f));
    }
    return new Verdict(object, List.copyOf(errors), List.copyOf(unknown), group, kind);
  }

  private static void ratchet(List<FieldError> errors, JsonNode object, JsonNode old) {
    if (old != null) {
      Ratcheting.dropUnchanged(errors, object, old);
    }
  }

  private Version versionOf(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String name = apiVersion.substring(apiVersion.indexOf('/') + 1);
    Version version = versions.get(name);
    return version != null ? version : versions.get(storageVersion);
  }

  private static boolean isStatusField(String field) {
    return field.equals("status") || field.startsWith("status.") || field.startsWith("status[");
  }
}
