package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskField;

/** ECS task operations: RunTask, DescribeTasks, ListTasks, StopTask. */
final class TaskOps {
  private final RegionState rs;
  private final ServiceOps services;
  private final ServiceValidation validate;

  TaskOps(RegionState rs, ServiceOps services) {
    this.rs = rs;
    this.services = services;
    this.validate = new ServiceValidation(rs);
  }

  RunTaskResponse run(RunTaskRequest r) {
    return run(r, rs.now());
  }

  /**
   * RunTask as if called at {@code at}, which may lie before now: schedules the simulator fires
   * lazily start their tasks at the slot, so that the tasks' edges fall where they would have.
   */
  RunTaskResponse run(RunTaskRequest r, Instant at) {
    String cluster = services.existingCluster(r.cluster());
    String token = r.clientToken() == null ? null : cluster + "/" + r.clientToken();
    if (token != null && rs.ecs.runTaskTokens.containsKey(token)) {
      // Same token: ECS answers with the tasks it already started and starts nothing new.
      List<Task> same = rs.ecs.runTaskTokens.get(token).stream().map(t -> t.toSdk(false)).toList();
      return RunTaskResponse.builder().tasks(same).build();
    }
    int count = r.count() == null ? 1 : r.count();
    if (count < 1 || count > 10)
      throw EcsErrors.invalidParameter("count must be between 1 and 10.");
    if (r.startedBy() != null && !r.startedBy().matches("[A-Za-z0-9_-]{1,36}")) {
      throw EcsErrors.invalidParameter(
          "startedBy may contain up to 36 letters, numbers, hyphens and underscores.");
    }
    TaskDefinition td = validate.activeTaskDefinition(r.taskDefinition());
    validate.launch(r.launchTypeAsString(), r.capacityProviderStrategy(), td);
    validate.network(td, r.networkConfiguration());
    checkOverrides(r, td);
    List<Tag> tags = new ArrayList<>(r.tags());
    if ("TASK_DEFINITION".equals(r.propagateTagsAsString())) {
      tags.addAll(rs.ecs.taskDefinitions.byArn(td.taskDefinitionArn()).tags());
    }
    if (Boolean.TRUE.equals(r.enableECSManagedTags())) {
      tags.add(Tag.builder().key("aws:ecs:clusterName").value(cluster).build());
    }
    String group = r.group() != null ? r.group() : "family:" + td.family();
    List<TaskModel> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(
          rs.factory.launchOneOff(
              cluster,
              td,
              group,
              r.startedBy(),
              r.launchTypeAsString(),
              r.capacityProviderStrategy(),
              r.overrides(),
              tags,
              at));
    }
    if (token != null) rs.ecs.runTaskTokens.put(token, started);
    return RunTaskResponse.builder()
        .tasks(started.stream().map(t -> t.toSdk(true)).toList())
        .build();
  }

  DescribeTasksResponse describe(DescribeTasksRequest r) {
    String cluster = services.existingCluster(r.cluster());
    if (r.tasks().isEmpty() || r.tasks().size() > 100) {
      throw EcsErrors.invalidParameter("tasks must have between 1 and 100 items.");
    }
    boolean tags = r.include().contains(TaskField.TAGS);
    String clusterArn = EcsArns.cluster(rs.region, rs.account, cluster);
    List<Task> found = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : r.tasks()) {
      TaskModel t = rs.ecs.task(ref);
      if (t != null && t.clusterArn.equals(clusterArn)) {
        found.add(t.toSdk(tags));
      } else {
        String arn =
            ref.startsWith("arn:") ? ref : EcsArns.task(rs.region, rs.account, cluster, ref);
        failures.add(Failure.builder().arn(arn).reason("MISSING").build());
      }
    }
    return DescribeTasksResponse.builder().tasks(found).failures(failures).build();
  }

  ListTasksResponse list(ListTasksRequest r) {
    String cluster = services.existingCluster(r.cluster());
    String clusterArn = EcsArns.cluster(rs.region, rs.account, cluster);
    String desired = r.desiredStatus() == null ? "RUNNING" : r.desiredStatusAsString();
    Predicate<TaskModel> match =
        t -> t.clusterArn.equals(clusterArn) && t.desiredStatus.equals(desired);
    if (r.startedBy() != null) match = match.and(t -> r.startedBy().equals(t.startedBy));
    if (r.serviceName() != null) {
      String group = "service:" + EcsArns.name(r.serviceName());
      match = match.and(t -> group.equals(t.group));
    }
    if (r.family() != null) {
      String prefix = ":task-definition/" + r.family() + ":";
      match = match.and(t -> t.taskDefinitionArn.contains(prefix));
    }
    List<String> arns = rs.ecs.tasks.values().stream().filter(match).map(t -> t.arn).toList();
    var page =
        Pagination.page(arns, r.nextToken(), r.maxResults(), 100, 100, EcsErrors::invalidParameter);
    return ListTasksResponse.builder().taskArns(page.items()).nextToken(page.nextToken()).build();
  }

  StopTaskResponse stop(StopTaskRequest r) {
    String cluster = services.existingCluster(r.cluster());
    TaskModel t = rs.ecs.task(r.task());
    if (t == null || !t.clusterArn.equals(EcsArns.cluster(rs.region, rs.account, cluster))) {
      throw EcsErrors.invalidParameter("The referenced task was not found.");
    }
    String reason = r.reason() == null ? "Task stopped by user" : r.reason();
    t.beginStop(rs.now(), "UserInitiated", reason, rs.timings.drain(), rs.hooks);
    return StopTaskResponse.builder().task(t.toSdk(false)).build();
  }

  private static void checkOverrides(RunTaskRequest r, TaskDefinition td) {
    if (r.overrides() == null) return;
    for (ContainerOverride o : r.overrides().containerOverrides()) {
      boolean known = td.containerDefinitions().stream().anyMatch(c -> c.name().equals(o.name()));
      if (!known) {
        throw EcsErrors.invalidParameter(
            "Override for container named "
                + o.name()
                + " is not a container in the TaskDefinition.");
      }
    }
  }
}
