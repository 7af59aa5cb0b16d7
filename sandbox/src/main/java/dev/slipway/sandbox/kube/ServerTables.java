package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing: answers {@code Accept: application/json;as=Table;g=meta.k8s.io} reads of
 * custom resources with a meta.k8s.io/v1 Table of the CRD's additionalPrinterColumns, so {@code
 * kubectl get} shows the same columns a real cluster does.
 */
final class ServerTables {
  private static final String NAME_DESCRIPTION =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

  private final Clock clock;

  ServerTables(Clock clock) {
    this.clock = clock;
  }

  /** True when the client asked for a Table (kubectl get does, JSON clients do not). */
  static boolean wantsTable(ApiRequest request) {
    String accept = String.valueOf(request.headers().header("Accept"));
    return accept.contains("as=Table") && accept.contains("g=meta.k8s.io");
  }

  /** {@code body} (an object or a list) as a Table of {@code columns}. */
  ObjectNode table(JsonNode body, List<CustomResourceColumnDefinition> columns, String include) {
    List<CustomResourceColumnDefinition> effective = columns.isEmpty() ? List.of(age()) : columns;
    ObjectNode table = JsonNodeFactory.instance.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    JsonNode version = body.path("metadata").path("resourceVersion");
    if (body.has("items") && version.isTextual()) {
      metadata.set("resourceVersion", version);
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", NAME_DESCRIPTION)
        .put("priority", 0);
    for (CustomResourceColumnDefinition column : effective) {
      definitions
          .addObject()
          .put("name", column.getName())
          .put("type", column.getType())
          .put("format", column.getFormat() == null ? "" : column.getFormat())
          .put("description", column.getDescription() == null ? "" : column.getDescription())
          .put("priority", column.getPriority() == null ? 0 : column.getPriority());
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.get("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    for (JsonNode object : objects) {
      rows.add(row(object, effective, include));
    }
    return table;
  }

  private ObjectNode row(
      JsonNode object, List<CustomResourceColumnDefinition> columns, String include) {
    ObjectNode row = JsonNodeFactory.instance.objectNode();
    ArrayNode cells = row.putArray("cells");
    cells.add(object.path("metadata").path("name").asText(""));
    for (CustomResourceColumnDefinition column : columns) {
      cells.add(cell(column, SimpleJsonPath.find(object, column.getJsonPath())));
    }
    if ("Object".equals(include)) {
      row.set("object", object);
    } else if (!"None".equals(include)) {
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata"));
    }
    return row;
  }

  /** A cell as the API server renders it: dates as ages, strings printed, absent as null. */
  private JsonNode cell(CustomResourceColumnDefinition column, JsonNode value) {
    var nodes = JsonNodeFactory.instance;
    if (value == null || value.isNull() || value.isMissingNode()) {
      return nodes.nullNode();
    }
    return switch (column.getType()) {
      case "string" -> nodes.textNode(value.isValueNode() ? value.asText() : value.toString());
      case "integer" ->
          value.canConvertToLong() ? nodes.numberNode(value.asLong()) : nodes.nullNode();
      case "number" -> value.isNumber() ? value : nodes.nullNode();
      case "boolean" -> value.isBoolean() ? value : nodes.nullNode();
      case "date" -> age(value.asText());
      default -> nodes.nullNode();
    };
  }

  private JsonNode age(String timestamp) {
    try {
      Duration since = Duration.between(Instant.parse(timestamp), clock.instant());
      return JsonNodeFactory.instance.textNode(humanDuration(since));
    } catch (DateTimeParseException e) {
      return JsonNodeFactory.instance.nullNode();
    }
  }

  /** kubectl's (apimachinery's) HumanDuration: 45s, 5m, 3m20s, 2h10m, 3d4h, 2y. */
  static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 120) return seconds + "s";
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) return minutes + "m";
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) return hours + "h";
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) return hours / 24 + "d";
    if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** The column the API server prints when a CRD declares none. */
  private static CustomResourceColumnDefinition age() {
    CustomResourceColumnDefinition age = new CustomResourceColumnDefinition();
    age.setName("Age");
    age.setType("date");
    age.setJsonPath(".metadata.creationTimestamp");
    age.setPriority(0);
    return age;
  }
}
