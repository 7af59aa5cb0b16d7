package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkInterface;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/** One simulated ECS task: its identity, its lifecycle plan and where it is in that lifecycle. */
final class TaskModel {
  /** Per-container state; the essential container's exit decides the task's fate. */
  static final class ContainerState {
    final String name;
    final String image;
    final boolean essential;
    String lastStatus = "PENDING";
    Integer exitCode;
    String reason;
    String health = "UNKNOWN";

    ContainerState(String name, String image, boolean essential) {
      this.name = name;
      this.image = image;
      this.essential = essential;
    }
  }

  /** Time from "told to stop" (after any drain) to STOPPED. */
  static final Duration DEPROVISION = Duration.ofSeconds(5);

  final String id;
  final String arn;
  final String clusterArn;
  final String taskDefinitionArn;
  final String group;
  final String startedBy;
  final ServiceModel service;
  final DeploymentModel deployment;
  final List<ContainerState> containers;
  final TaskPlan plan;
  final String privateIp;
  final Instant createdAt;
  final String launchType;
  final String capacityProviderName;
  final TaskOverride overrides;
  final String cpu;
  final String memory;
  final List<Tag> tags = new ArrayList<>();
  String lastStatus = "PROVISIONING";
  String desiredStatus = "RUNNING";
  boolean healthy;
  Instant startedAt;
  Instant healthyAt;
  Instant stoppingAt;
  Instant stoppedAt;
  Instant stopCompleteAt;
  String stopCode;
  String stoppedReason;

  TaskModel(TaskSpec spec, TaskPlan plan, Instant createdAt) {
    this.id = spec.id();
    this.arn = spec.arn();
    this.clusterArn = spec.clusterArn();
    this.taskDefinitionArn = spec.taskDefinitionArn();
    this.group = spec.group();
    this.startedBy = spec.startedBy();
    this.service = spec.service();
    this.deployment = spec.deployment();
    this.containers = spec.containers();
    this.plan = plan;
    this.privateIp = spec.privateIp();
    this.createdAt = createdAt;
    this.launchType = spec.launchType();
    this.capacityProviderName = spec.capacityProviderName();
    this.overrides = spec.overrides();
    this.cpu = spec.cpu();
    this.memory = spec.memory();
    this.tags.addAll(spec.tags());
  }

  boolean isStopped() {
    return "STOPPED".equals(lastStatus);
  }

  /** Still wanted by the scheduler: not told to stop. */
  boolean isActive() {
    return "RUNNING".equals(desiredStatus);
  }

  boolean isRunning() {
    return isActive() && "RUNNING".equals(lastStatus);
  }

  boolean isPending() {
    return isActive() && !"RUNNING".equals(lastStatus);
  }

  /** True while the lifecycle still has a scheduled edge to apply. */
  boolean hasPendingTransition() {
    if (isStopped()) return false;
    if (!isActive() || !isRunning()) return true;
    return (plan.healthyAt() != null && !healthy) || plan.exitAt() != null;
  }

  /** Applies every lifecycle edge due at or before {@code t}, in order. */
  void advance(Instant t, TaskHooks hooks) {
    if (isStopped()) return;
    if (isActive()) {
      advanceStart(t, hooks);
    }
    if (!isActive() && !t.isBefore(stopCompleteAt)) {
      finishStop(hooks);
    }
  }

  private void advanceStart(Instant t, TaskHooks hooks) {
    if (lastStatus.equals("PROVISIONING") && !t.isBefore(plan.pendingAt())) {
      lastStatus = "PENDING";
    }
    if (plan.failAt() != null && !t.isBefore(plan.failAt())) {
      beginStop(plan.failAt(), "TaskFailedToStart", plan.failReason(), Duration.ZERO, hooks);
      countFailure();
      return;
    }
    if (lastStatus.equals("PENDING") && plan.runningAt() != null && !t.isBefore(plan.runningAt())) {
      lastStatus = "RUNNING";
      startedAt = plan.runningAt();
      containers.forEach(c -> c.lastStatus = "RUNNING");
      hooks.running(this, startedAt);
    }
    if (!lastStatus.equals("RUNNING")) return;
    if (!healthy && plan.healthyAt() != null && !t.isBefore(plan.healthyAt())) {
      markHealthy(hooks);
    }
    if (plan.exitAt() != null && !t.isBefore(plan.exitAt())) {
      exitEssential(hooks);
    }
  }

  private void markHealthy(TaskHooks hooks) {
    healthy = true;
    healthyAt = plan.healthyAt();
    containers.forEach(c -> c.health = "HEALTHY");
    hooks.healthy(this, healthyAt);
  }

  private void exitEssential(TaskHooks hooks) {
    containers.stream().filter(c -> c.essential).forEach(c -> c.exitCode = plan.exitCode());
    beginStop(
        plan.exitAt(),
        "EssentialContainerExited",
        "Essential container in task exited",
        Duration.ZERO,
        hooks);
    if (service != null && (!healthy || plan.exitCode() != 0)) {
      countFailure();
    }
  }

  /** Tells the task to stop; it reaches STOPPED after {@code drain} plus deprovisioning. */
  void beginStop(Instant at, String code, String reason, Duration drain, TaskHooks hooks) {
    if (!isActive()) return;
    desiredStatus = "STOPPED";
    stopCode = code;
    stoppedReason = reason;
    stoppingAt = at;
    boolean wasRunning = lastStatus.equals("RUNNING");
    lastStatus = "DEPROVISIONING";
    stopCompleteAt = at.plus(wasRunning ? drain : Duration.ZERO).plus(DEPROVISION);
    hooks.stopping(this, at);
  }

  /** Counts this task against its deployment for the circuit breaker. */
  void countFailure() {
    if (deployment != null) deployment.failedTasks++;
  }

  private void finishStop(TaskHooks hooks) {
    lastStatus = "STOPPED";
    stoppedAt = stopCompleteAt;
    for (ContainerState c : containers) {
      if (c.exitCode == null && startedAt != null) {
        // Containers stopped by ECS get SIGTERM; a well-behaved app exits 0.
        c.exitCode = 0;
      }
      c.lastStatus = "STOPPED";
    }
    hooks.stopped(this, stoppedAt);
  }

  Task toSdk(boolean withTags) {
    Task.Builder b =
        Task.builder()
            .taskArn(arn)
            .clusterArn(clusterArn)
            .taskDefinitionArn(taskDefinitionArn)
            .lastStatus(lastStatus)
            .desiredStatus(desiredStatus)
            .group(group)
            .startedBy(startedBy)
            .createdAt(createdAt)
            .startedAt(startedAt)
            .stoppingAt(stoppingAt)
            .stoppedAt(stoppedAt)
            .stopCode(stopCode)
            .stoppedReason(stoppedReason)
            .launchType(launchType)
            .capacityProviderName(capacityProviderName)
            .cpu(cpu)
            .memory(memory)
            .overrides(overrides)
            .healthStatus(healthy ? "HEALTHY" : "UNKNOWN")
            .attachments(eni())
            .containers(containers.stream().map(this::toSdk).toList());
    if (withTags) b.tags(tags);
    return b.build();
  }

  private Container toSdk(ContainerState c) {
    return Container.builder()
        .containerArn(arn.replace(":task/", ":container/") + "/" + c.name)
        .taskArn(arn)
        .name(c.name)
        .image(c.image)
        .lastStatus(c.lastStatus)
        .exitCode(c.exitCode)
        .reason(c.reason)
        .healthStatus(c.health)
        .networkInterfaces(NetworkInterface.builder().privateIpv4Address(privateIp).build())
        .build();
  }

  private Attachment eni() {
    return Attachment.builder()
        .type("ElasticNetworkInterface")
        .status(isStopped() ? "DELETED" : "ATTACHED")
        .details(KeyValuePair.builder().name("privateIPv4Address").value(privateIp).build())
        .build();
  }
}
