package dev.slipway.ecschedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The keys ecschedule (v0.19) reads, as its config structs spell them, mixed snake and camel case.
 * ecschedule ignores any other key, so a misspelt one never reached AWS; the import says so rather
 * than guess what was meant.
 */
final class EcscheduleKeys {
  static final Set<String> TOP =
      Set.of("region", "cluster", "role", "trackingId", "rules", "plugins");
  static final Set<String> RULE =
      Set.of(
          "name",
          "description",
          "scheduleExpression",
          "disabled",
          "targetId",
          "taskDefinition",
          "taskCount",
          "taskOverride",
          "containerOverrides",
          "role",
          "group",
          "capacityProviderStrategy",
          "launch_type",
          "platform_version",
          "network_configuration",
          "dead_letter_config",
          "propagateTags",
          "region",
          "cluster",
          "trackingId");
  static final Set<String> TASK_OVERRIDE = Set.of("cpu", "memory");
  static final Set<String> CONTAINER_OVERRIDE =
      Set.of("name", "command", "environment", "cpu", "memory", "memoryReservation");
  static final Set<String> CAPACITY_ITEM = Set.of("capacityProvider", "base", "weight");
  static final Set<String> NETWORK = Set.of("aws_vpc_configuration");
  static final Set<String> AWS_VPC = Set.of("subnets", "security_groups", "assign_public_ip");
  static final Set<String> DEAD_LETTER = Set.of("sqs");

  private EcscheduleKeys() {}

  /** One line per key of {@code node} that is not in {@code known}, with the key meant if any. */
  static List<String> unknown(JsonNode node, Set<String> known, String path) {
    List<String> problems = new ArrayList<>();
    if (node == null || !node.isObject()) return problems;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) problems.add(path + key + ": " + why(key, known));
    }
    return problems;
  }

  private static String why(String key, Set<String> known) {
    if (key.equals("retryPolicy")) {
      return "ecschedule has no retryPolicy key and ignored it (the rule kept EventBridge's"
          + " default retries); set spec.eventBridge.maximumRetryAttempts and"
          + " maximumEventAgeSeconds by hand if you want retries";
    }
    String meant = meant(key, known);
    return "not an ecschedule key"
        + (meant == null ? "" : " (ecschedule reads " + meant + ")")
        + ", so ecschedule ignored it and the live rule does not have it; not imported";
  }

  /** The known key {@code key} is another spelling of (camel for snake case or back), if any. */
  private static String meant(String key, Set<String> known) {
    String plain = plain(key);
    return known.stream().filter(k -> plain(k).equals(plain)).findFirst().orElse(null);
  }

  private static String plain(String key) {
    return key.replace("_", "").toLowerCase(Locale.ROOT);
  }
}
