package dev.slipway.sandbox.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskOverride;
import software.amazon.awssdk.services.scheduler.model.EcsParameters;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * The RunTask request EventBridge Scheduler sends for a schedule's ECS target: the cluster from the
 * target ARN, the task from its EcsParameters, and the target's Input read as RunTask's {@code
 * overrides} JSON (containerOverrides with command, environment, cpu and memory).
 */
final class ScheduleRunTask {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An Input that is not the overrides JSON RunTask expects: the invocation fails with it. */
  static final class InvalidInput extends RuntimeException {
    InvalidInput(String message) {
      super(message);
    }
  }

  private ScheduleRunTask() {}

  static RunTaskRequest of(Target t) {
    EcsParameters p = t.ecsParameters();
    RunTaskRequest.Builder b =
        RunTaskRequest.builder()
            .cluster(t.arn())
            .taskDefinition(p.taskDefinitionArn())
            .count(p.taskCount() == null ? 1 : p.taskCount())
            .launchType(p.launchTypeAsString())
            .platformVersion(p.platformVersion())
            .group(p.group())
            .enableECSManagedTags(p.enableECSManagedTags())
            .enableExecuteCommand(p.enableExecuteCommand())
            .propagateTags(p.propagateTagsAsString())
            .referenceId(p.referenceId())
            .tags(tags(p.tags()));
    if (p.hasCapacityProviderStrategy()) {
      b.capacityProviderStrategy(
          p.capacityProviderStrategy().stream()
              .map(
                  c ->
                      CapacityProviderStrategyItem.builder()
                          .capacityProvider(c.capacityProvider())
                          .weight(c.weight())
                          .base(c.base())
                          .build())
              .toList());
    }
    if (p.networkConfiguration() != null
        && p.networkConfiguration().awsvpcConfiguration() != null) {
      var vpc = p.networkConfiguration().awsvpcConfiguration();
      b.networkConfiguration(
          NetworkConfiguration.builder()
              .awsvpcConfiguration(
                  AwsVpcConfiguration.builder()
                      .subnets(vpc.subnets())
                      .securityGroups(vpc.securityGroups())
                      .assignPublicIp(vpc.assignPublicIpAsString())
                      .build())
              .build());
    }
    if (t.input() != null && !t.input().isBlank()) b.overrides(overrides(t.input()));
    return b.build();
  }

  /** EcsParameters tags are maps; each is either {key, value} or one tag per entry. */
  private static List<Tag> tags(List<Map<String, String>> maps) {
    List<Tag> tags = new ArrayList<>();
    for (Map<String, String> m : maps) {
      if (m.containsKey("key")) {
        tags.add(Tag.builder().key(m.get("key")).value(m.get("value")).build());
      } else {
        m.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
      }
    }
    return tags;
  }

  static TaskOverride overrides(String input) {
    JsonNode root;
    try {
      root = JSON.readTree(input);
    } catch (JsonProcessingException e) {
      throw new InvalidInput("Input is not valid JSON: " + e.getOriginalMessage());
    }
    if (!root.isObject()) throw new InvalidInput("Input must be a JSON object of task overrides.");
    TaskOverride.Builder b =
        TaskOverride.builder()
            .cpu(text(root, "cpu"))
            .memory(text(root, "memory"))
            .taskRoleArn(text(root, "taskRoleArn"))
            .executionRoleArn(text(root, "executionRoleArn"));
    List<ContainerOverride> containers = new ArrayList<>();
    for (JsonNode c : root.path("containerOverrides")) containers.add(container(c));
    return b.containerOverrides(containers).build();
  }

  private static ContainerOverride container(JsonNode c) {
    ContainerOverride.Builder b = ContainerOverride.builder().name(text(c, "name"));
    if (c.has("command")) {
      List<String> command = new ArrayList<>();
      c.get("command").forEach(part -> command.add(part.asText()));
      b.command(command);
    }
    if (c.has("environment")) {
      List<KeyValuePair> env = new ArrayList<>();
      c.get("environment")
          .forEach(
              e ->
                  env.add(
                      KeyValuePair.builder()
                          .name(text(e, "name"))
                          .value(text(e, "value"))
                          .build()));
      b.environment(env);
    }
    if (c.has("cpu")) b.cpu(c.get("cpu").asInt());
    if (c.has("memory")) b.memory(c.get("memory").asInt());
    if (c.has("memoryReservation")) b.memoryReservation(c.get("memoryReservation").asInt());
    return b.build();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
