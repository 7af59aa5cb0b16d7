package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The ObjectMeta and OwnerReference schemas the custom resources' {@code metadata} refers to, so
 * {@code kubectl explain sr.metadata} has something to show. A subset of the fields, described in
 * our own words.
 */
final class ObjectMetaSchemas {
  private static final String OWNER_REFERENCE =
      "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference";

  private ObjectMetaSchemas() {}

  /** Adds both schemas to a {@code components.schemas} object. */
  static void addTo(ObjectNode schemas) {
    schemas.set(CrdOpenApiSchemas.OBJECT_META, objectMeta());
    schemas.set(OWNER_REFERENCE, ownerReference());
  }

  private static ObjectNode objectMeta() {
    ObjectNode meta = object("Metadata of an object: its identity, labels and lifecycle.");
    ObjectNode p = meta.with("properties");
    string(p, "name", "Name of the object, unique per kind within its namespace. Immutable.");
    string(
        p,
        "generateName",
        "Prefix from which the server generates a unique name when name is empty.");
    string(p, "namespace", "Namespace of the object; empty for cluster-scoped kinds. Immutable.");
    string(p, "uid", "Unique ID the server gives the object when it is created. Read-only.");
    string(
        p,
        "resourceVersion",
        "Version of the object the server bumps on every change; an update sent with an older"
            + " one is refused as a conflict. Read-only.");
    p.set("generation", integer("Bumped by the server whenever spec changes. Read-only."));
    dateTime(p, "creationTimestamp", "When the object was created (RFC 3339). Read-only.");
    dateTime(
        p,
        "deletionTimestamp",
        "When deletion was requested (RFC 3339); the object is gone once its finalizers are"
            + " empty. Read-only.");
    p.set(
        "deletionGracePeriodSeconds",
        integer("Seconds the object is given to terminate once deletion was requested."));
    stringMap(p, "labels", "Key/value pairs to select and group objects by.");
    stringMap(p, "annotations", "Key/value pairs for tools and people; not used to select.");
    ObjectNode finalizers = array(p, "finalizers", "Controllers that must finish before delete.");
    finalizers.putObject("items").put("type", "string");
    ObjectNode owners =
        array(p, "ownerReferences", "Objects this one belongs to; it is deleted with them.");
    owners.putObject("items").put("$ref", "#/components/schemas/" + OWNER_REFERENCE);
    ObjectNode managed =
        array(p, "managedFields", "Which field manager last set which fields. Read-only.");
    managed
        .putObject("items")
        .put("type", "object")
        .put("x-kubernetes-preserve-unknown-fields", true);
    return meta;
  }

  private static ObjectNode ownerReference() {
    ObjectNode ref = object("An object that owns this one.");
    ObjectNode p = ref.with("properties");
    string(p, "apiVersion", "API version of the owner.");
    string(p, "kind", "Kind of the owner.");
    string(p, "name", "Name of the owner.");
    string(p, "uid", "UID of the owner.");
    bool(p, "controller", "True for the one owner that manages this object.");
    bool(
        p,
        "blockOwnerDeletion",
        "True when the owner cannot be deleted in the foreground before this object.");
    ref.putArray("required").add("apiVersion").add("kind").add("name").add("uid");
    return ref;
  }

  private static ObjectNode object(String description) {
    ObjectNode node = Serialization.jsonMapper().createObjectNode();
    return node.put("description", description).put("type", "object");
  }

  private static void string(ObjectNode properties, String name, String description) {
    properties.putObject(name).put("description", description).put("type", "string");
  }

  private static void dateTime(ObjectNode properties, String name, String description) {
    properties
        .putObject(name)
        .put("description", description)
        .put("type", "string")
        .put("format", "date-time");
  }

  private static void bool(ObjectNode properties, String name, String description) {
    properties.putObject(name).put("description", description).put("type", "boolean");
  }

  private static ObjectNode integer(String description) {
    return object(description).put("type", "integer").put("format", "int64");
  }

  private static void stringMap(ObjectNode properties, String name, String description) {
    ObjectNode map = properties.putObject(name).put("description", description);
    map.put("type", "object").putObject("additionalProperties").put("type", "string");
  }

  private static ObjectNode array(ObjectNode properties, String name, String description) {
    return properties.putObject(name).put("description", description).put("type", "array");
  }
}
