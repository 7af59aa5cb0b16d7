package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What admission made of one object: the object as it would be stored (pruned and defaulted), the
 * field errors that reject it, and the unknown fields pruning dropped.
 */
public record Verdict(
    JsonNode object,
    List<FieldError> errors,
    List<String> unknownFields,
    String group,
    String kind) {

  public boolean allowed() {
    return errors.isEmpty();
  }

  /**
   * kube-apiserver's message: {@code Kind.group "name" is invalid: <error>} for one error, or the
   * de-duplicated errors in brackets for several.
   */
  public String message() {
    Set<String> distinct = new LinkedHashSet<>();
    errors.forEach(e -> distinct.add(e.toString()));
    String head = qualifiedKind() + " " + GoFormat.quote(name()) + " is invalid";
    if (distinct.isEmpty()) {
      return head;
    }
    String all =
        distinct.size() == 1 ? distinct.iterator().next() : "[" + String.join(", ", distinct) + "]";
    return head + ": " + all;
  }

  /** The 422 Status body kube-apiserver answers an invalid write with. */
  public ObjectNode status() {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message()).put("reason", "Invalid");
    ObjectNode details = status.putObject("details");
    details.put("name", name()).put("group", group).put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (FieldError error : errors) {
      causes
          .addObject()
          .put("reason", error.type().reason())
          .put("message", error.body())
          .put("field", error.field());
    }
    status.put("code", 422);
    return status;
  }

  /** {@code Kind.group} as Kubernetes prints a group kind. */
  public String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  public String name() {
    return object.path("metadata").path("name").asText("");
  }
}
