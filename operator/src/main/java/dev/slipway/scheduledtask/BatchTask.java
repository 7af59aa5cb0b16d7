package dev.slipway.scheduledtask;

import dev.slipway.aws.AwsTarget;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;

/**
 * Everything a run needs, resolved from the spec and, with a releaseRef, from the release: where
 * (account, Region, cluster), which revision, how it launches, and which containers decide the
 * result.
 */
record BatchTask(
    AwsTarget target,
    String cluster,
    String taskDefinitionArn,
    String launchType,
    List<CapacityProviderStrategyItem> capacityProviderStrategy,
    String platformVersion,
    NetworkConfiguration networkConfiguration,
    Set<String> essentialContainers) {

  /** The family of the revision, which ListTasks filters on. */
  String family() {
    String afterSlash = taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    int colon = afterSlash.lastIndexOf(':');
    return colon < 0 ? afterSlash : afterSlash.substring(0, colon);
  }
}
