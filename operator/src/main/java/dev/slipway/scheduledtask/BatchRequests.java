package dev.slipway.scheduledtask;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.EventBridgeSettings;
import dev.slipway.release.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskOverride;
import software.amazon.awssdk.services.scheduler.model.AssignPublicIp;
import software.amazon.awssdk.services.scheduler.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.scheduler.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeadLetterConfig;
import software.amazon.awssdk.services.scheduler.model.EcsParameters;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.NetworkConfiguration;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;

/**
 * The AWS requests of a ScheduledTask, rendered purely from the spec and the resolved task: the
 * RunTask of a run (engine Operator) and the EventBridge schedule with its ECS target.
 */
final class BatchRequests {
  /** The tag every run and registered revision carries: which ScheduledTask it is for. */
  static final String OWNER_TAG = "slipway.dev/scheduled-task";

  /** Unset retry settings: no retries an hour late, unlike AWS's 185 attempts over 24 hours. */
  static final int DEFAULT_RETRY_ATTEMPTS = 0;

  static final int DEFAULT_EVENT_AGE_SECONDS = 3600;

  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchRequests() {}

  /** "namespace/name", the value of {@link #OWNER_TAG}. */
  static String owner(ScheduledTask st) {
    return st.getMetadata().getNamespace() + "/" + st.getMetadata().getName();
  }

  static List<Tag> ownership(ScheduledTask st) {
    return List.of(Tags.tag(Tags.MANAGED_BY, Tags.MANAGER), Tags.tag(OWNER_TAG, owner(st)));
  }

  /** The RunTask of one run; {@code startedBy} doubles as the idempotency token. */
  static RunTaskRequest runTask(ScheduledTask st, BatchTask task, String startedBy) {
    return RunTaskRequest.builder()
        .cluster(task.cluster())
        .taskDefinition(task.taskDefinitionArn())
        .count(1)
        .startedBy(startedBy)
        .clientToken(startedBy)
        .group(BatchNames.group(st))
        .launchType(task.launchType())
        .capacityProviderStrategy(
            task.capacityProviderStrategy().isEmpty() ? null : task.capacityProviderStrategy())
        .platformVersion(task.platformVersion())
        .networkConfiguration(task.networkConfiguration())
        .overrides(overrides(st.getSpec().overrides))
        .tags(ownership(st))
        .build();
  }

  /** The spec's overrides as RunTask's TaskOverride. */
  static TaskOverride overrides(ScheduledTaskSpec.TaskOverrides o) {
    if (o == null) return TaskOverride.builder().build();
    List<ContainerOverride> containers = new ArrayList<>();
    if (o.containers != null) {
      for (ScheduledTaskSpec.ContainerOverride c : o.containers) {
        containers.add(
            ContainerOverride.builder()
                .name(c.name)
                .command(c.command)
                .environment(environment(c.environment))
                .cpu(c.cpu)
                .memory(c.memory)
                .build());
      }
    }
    return TaskOverride.builder()
        .containerOverrides(containers)
        .cpu(o.cpu)
        .memory(o.memory)
        .build();
  }

  private static List<KeyValuePair> environment(Map<String, String> env) {
    if (env == null) return null;
    return env.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /**
   * The target's Input: RunTask's overrides as the JSON EventBridge Scheduler passes on, keys in a
   * fixed order so an unchanged spec renders the same text.
   */
  static String input(ScheduledTaskSpec.TaskOverrides o) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode containers = root.putArray("containerOverrides");
    if (o != null && o.containers != null) {
      for (ScheduledTaskSpec.ContainerOverride c : o.containers) {
        ObjectNode node = containers.addObject().put("name", c.name);
        if (c.command != null) c.command.forEach(node.putArray("command")::add);
        if (c.environment != null) {
          ArrayNode env = node.putArray("environment");
          c.environment.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .forEach(e -> env.addObject().put("name", e.getKey()).put("value", e.getValue()));
        }
        if (c.cpu != null) node.put("cpu", c.cpu);
        if (c.memory != null) node.put("memory", c.memory);
      }
    }
    if (o != null && o.cpu != null) root.put("cpu", o.cpu);
    if (o != null && o.memory != null) root.put("memory", o.memory);
    return root.toString();
  }

  /** The schedule's ECS target. */
  static Target target(ScheduledTask st, BatchTask task) {
    EventBridgeSettings eb = st.getSpec().eventBridge;
    String clusterArn =
        "arn:aws:ecs:"
            + task.target().region()
            + ":"
            + task.target().accountId()
            + ":cluster/"
            + task.cluster();
    Target.Builder t =
        Target.builder()
            .arn(clusterArn)
            .roleArn(eb.roleArn)
            .input(input(st.getSpec().overrides))
            .ecsParameters(ecsParameters(st, task))
            .retryPolicy(
                RetryPolicy.builder()
                    .maximumRetryAttempts(
                        eb.maximumRetryAttempts == null
                            ? DEFAULT_RETRY_ATTEMPTS
                            : eb.maximumRetryAttempts)
                    .maximumEventAgeInSeconds(
                        eb.maximumEventAgeSeconds == null
                            ? DEFAULT_EVENT_AGE_SECONDS
                            : eb.maximumEventAgeSeconds)
                    .build());
    if (eb.deadLetterArn != null) {
      t.deadLetterConfig(DeadLetterConfig.builder().arn(eb.deadLetterArn).build());
    }
    return t.build();
  }

  private static EcsParameters ecsParameters(ScheduledTask st, BatchTask task) {
    EcsParameters.Builder p =
        EcsParameters.builder()
            .taskDefinitionArn(task.taskDefinitionArn())
            .taskCount(1)
            .group(BatchNames.group(st))
            .platformVersion(task.platformVersion())
            .tags(List.of(Map.of(Tags.MANAGED_BY, Tags.MANAGER), Map.of(OWNER_TAG, owner(st))));
    if (!task.capacityProviderStrategy().isEmpty()) {
      p.capacityProviderStrategy(
          task.capacityProviderStrategy().stream()
              .map(
                  c ->
                      CapacityProviderStrategyItem.builder()
                          .capacityProvider(c.capacityProvider())
                          .weight(c.weight())
                          .base(c.base())
                          .build())
              .toList());
    } else {
      p.launchType(task.launchType());
    }
    var vpc =
        task.networkConfiguration() == null
            ? null
            : task.networkConfiguration().awsvpcConfiguration();
    if (vpc != null) {
      p.networkConfiguration(
          NetworkConfiguration.builder()
              .awsvpcConfiguration(
                  AwsVpcConfiguration.builder()
                      .subnets(vpc.subnets())
                      .securityGroups(vpc.securityGroups())
                      .assignPublicIp(AssignPublicIp.fromValue(vpc.assignPublicIpAsString()))
                      .build())
              .build());
    }
    return p.build();
  }

  /** The schedule as the spec asks for it; {@code enabled} false while suspended or asleep. */
  static CreateScheduleRequest create(ScheduledTask st, BatchTask task, boolean enabled) {
    ScheduledTaskSpec spec = st.getSpec();
    EventBridgeSettings eb = spec.eventBridge;
    return CreateScheduleRequest.builder()
        .name(BatchNames.schedule(st))
        .groupName(groupName(st))
        .description(BatchNames.description(st))
        .scheduleExpression(spec.schedule.trim())
        .scheduleExpressionTimezone(spec.timeZone == null ? "UTC" : spec.timeZone)
        .flexibleTimeWindow(window(eb))
        .state(enabled ? ScheduleState.ENABLED : ScheduleState.DISABLED)
        .target(target(st, task))
        .build();
  }

  /** UpdateSchedule replaces every field, so it carries the whole schedule again. */
  static UpdateScheduleRequest update(CreateScheduleRequest c) {
    return UpdateScheduleRequest.builder()
        .name(c.name())
        .groupName(c.groupName())
        .description(c.description())
        .scheduleExpression(c.scheduleExpression())
        .scheduleExpressionTimezone(c.scheduleExpressionTimezone())
        .flexibleTimeWindow(c.flexibleTimeWindow())
        .state(c.state())
        .target(c.target())
        .build();
  }

  static String groupName(ScheduledTask st) {
    EventBridgeSettings eb = st.getSpec().eventBridge;
    return eb == null || eb.groupName == null ? "default" : eb.groupName;
  }

  private static FlexibleTimeWindow window(EventBridgeSettings eb) {
    int minutes = eb == null || eb.flexibleWindowMinutes == null ? 0 : eb.flexibleWindowMinutes;
    return minutes == 0
        ? FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build()
        : FlexibleTimeWindow.builder()
            .mode(FlexibleTimeWindowMode.FLEXIBLE)
            .maximumWindowInMinutes(minutes)
            .build();
  }
}
