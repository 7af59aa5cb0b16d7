package dev.slipway.ecschedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.ContainerOverride;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.TaskOverrides;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A rule's taskOverride and containerOverrides, ecschedule's two halves of one ECS TaskOverride, as
 * a ScheduledTask's overrides.
 */
final class OverridesImport {
  private OverridesImport() {}

  /** The overrides, or null when the rule has none. */
  static TaskOverrides of(JsonNode rule, RuleFields fields) {
    var overrides = new TaskOverrides();
    JsonNode task = rule.path("taskOverride");
    overrides.cpu = taskSize(task, "cpu", "^[0-9]{2,6}$", fields);
    overrides.memory = taskSize(task, "memory", "^[0-9]{2,7}$", fields);
    fields.unknownKeys(task, EcscheduleKeys.TASK_OVERRIDE, "taskOverride.");
    JsonNode containers = rule.path("containerOverrides");
    for (int i = 0; i < containers.size(); i++) {
      if (overrides.containers == null) overrides.containers = new ArrayList<>();
      overrides.containers.add(
          container(containers.get(i), "containerOverrides[" + i + "].", fields));
    }
    boolean any = overrides.cpu != null || overrides.memory != null || overrides.containers != null;
    return any ? overrides : null;
  }

  /** ECS also takes "1 vCPU" and "2 GB"; the ScheduledTask takes units and MiB only. */
  private static String taskSize(JsonNode task, String key, String pattern, RuleFields fields) {
    Optional<String> value = fields.text(task, key, "taskOverride.");
    if (value.isPresent() && !value.get().matches(pattern)) {
      fields.unmapped(
          "taskOverride." + key + ": " + value.get() + " is not a whole number of units");
      return null;
    }
    return value.orElse(null);
  }

  private static ContainerOverride container(JsonNode node, String path, RuleFields fields) {
    var c = new ContainerOverride();
    c.name = fields.text(node, "name", path).orElse(null);
    JsonNode command = node.path("command");
    if (command.isArray()) {
      c.command = new ArrayList<>();
      for (int i = 0; i < command.size(); i++) {
        fields.text(command.get(i), path + "command[" + i + "]").ifPresent(c.command::add);
      }
    } else if (!command.isMissingNode() && !command.isNull()) {
      fields.unmapped(path + "command: not a list of strings");
    }
    if (node.path("environment").isObject()) {
      Map<String, String> env = new LinkedHashMap<>();
      node.path("environment")
          .fields()
          .forEachRemaining(
              e ->
                  fields
                      .text(e.getValue(), path + "environment." + e.getKey())
                      .ifPresent(v -> env.put(e.getKey(), v)));
      c.environment = env;
    }
    if (node.hasNonNull("cpu")) c.cpu = node.get("cpu").asInt();
    if (node.hasNonNull("memory")) c.memory = node.get("memory").asInt();
    if (node.hasNonNull("memoryReservation")) {
      fields.unmapped(
          path
              + "memoryReservation: "
              + node.get("memoryReservation").asText()
              + "; ScheduledTask overrides have no soft memory limit");
    }
    fields.unknownKeys(node, EcscheduleKeys.CONTAINER_OVERRIDE, path);
    return c;
  }
}
