package dev.slipway.release;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Secret;

/**
 * Pure function from the manifest's task definition to the RegisterTaskDefinition request (without
 * tags, so the content hash covers exactly what ECS stores). Environment and secrets are emitted
 * sorted by name so map order in the manifest never changes the content.
 */
public final class TaskDefinitionRenderer {
  private TaskDefinitionRenderer() {}

  public static RegisterTaskDefinitionRequest render(TaskDefinitionSpec td) {
    RegisterTaskDefinitionRequest.Builder b =
        RegisterTaskDefinitionRequest.builder()
            .family(td.family)
            .cpu(td.cpu)
            .memory(td.memory)
            .executionRoleArn(td.executionRoleArn)
            .taskRoleArn(td.taskRoleArn)
            .networkMode(td.networkMode == null ? "awsvpc" : td.networkMode)
            .containerDefinitions(
                td.containers.stream().map(TaskDefinitionRenderer::container).toList());
    if (td.requiresCompatibilities != null && !td.requiresCompatibilities.isEmpty()) {
      b.requiresCompatibilitiesWithStrings(td.requiresCompatibilities);
    }
    if (td.runtimePlatform != null) {
      b.runtimePlatform(
          RuntimePlatform.builder()
              .cpuArchitecture(td.runtimePlatform.cpuArchitecture)
              .operatingSystemFamily(td.runtimePlatform.operatingSystemFamily)
              .build());
    }
    return b.build();
  }

  static ContainerDefinition container(ContainerSpec c) {
    ContainerDefinition.Builder b =
        ContainerDefinition.builder()
            .name(c.name)
            .image(c.image)
            .cpu(c.cpu)
            .memory(c.memory)
            .memoryReservation(c.memoryReservation)
            .essential(c.isEssential())
            .workingDirectory(c.workingDirectory);
    if (c.portMappings != null)
      b.portMappings(c.portMappings.stream().map(TaskDefinitionRenderer::port).toList());
    if (c.environment != null && !c.environment.isEmpty())
      b.environment(environment(c.environment));
    if (c.secrets != null && !c.secrets.isEmpty()) b.secrets(secrets(c.secrets));
    if (c.command != null) b.command(c.command);
    if (c.entryPoint != null) b.entryPoint(c.entryPoint);
    if (c.healthCheck != null) b.healthCheck(healthCheck(c.healthCheck));
    if (c.logConfiguration != null) {
      b.logConfiguration(
          LogConfiguration.builder()
              .logDriver(c.logConfiguration.logDriver)
              .options(c.logConfiguration.options)
              .build());
    }
    if (c.dependsOn != null) {
      b.dependsOn(
          c.dependsOn.stream()
              .map(
                  d ->
                      ContainerDependency.builder()
                          .containerName(d.containerName)
                          .condition(d.condition)
                          .build())
              .toList());
    }
    return b.build();
  }

  private static PortMapping port(ContainerSpec.PortMapping p) {
    return PortMapping.builder()
        .containerPort(p.containerPort)
        .hostPort(p.hostPort)
        .protocol(p.protocol == null ? "tcp" : p.protocol)
        .name(p.name)
        .appProtocol(p.appProtocol)
        .build();
  }

  static List<KeyValuePair> environment(Map<String, String> env) {
    return new TreeMap<>(env)
        .entrySet().stream()
            .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build())
            .toList();
  }

  private static List<Secret> secrets(Map<String, String> secrets) {
    return new TreeMap<>(secrets)
        .entrySet().stream()
            .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build())
            .toList();
  }

  private static HealthCheck healthCheck(ContainerSpec.HealthCheck h) {
    return HealthCheck.builder()
        .command(h.command)
        .interval(h.interval)
        .timeout(h.timeout)
        .retries(h.retries)
        .startPeriod(h.startPeriod)
        .build();
  }
}
