package dev.slipway.sandbox.sim;

import java.util.List;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/** Everything fixed about a task when it is launched (by a service or by RunTask). */
record TaskSpec(
    String id,
    String arn,
    String clusterArn,
    String taskDefinitionArn,
    String group,
    String startedBy,
    ServiceModel service,
    DeploymentModel deployment,
    List<TaskModel.ContainerState> containers,
    String privateIp,
    String launchType,
    String capacityProviderName,
    TaskOverride overrides,
    String cpu,
    String memory,
    List<Tag> tags) {}
