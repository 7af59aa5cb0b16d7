package dev.slipway.release;

import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.aws.AutoScalingPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The write requests the release steps send, built purely, in one place: the steps call these and
 * so do the CI verbs ({@code slipway render}), so what is printed is what the operator sends.
 */
public final class ReleaseRequests {
  /** Application Auto Scaling's CPU target when the manifest does not set one. */
  public static final int DEFAULT_TARGET_CPU = 60;

  private ReleaseRequests() {}

  /** Ownership plus the content hash, so a revision can be recognised and reused later. */
  public static List<Tag> registrationTags(ServiceRelease sr, String contentHash) {
    List<Tag> tags = new ArrayList<>(Tags.ownership(sr));
    tags.add(Tags.tag(Tags.CONTENT_HASH, contentHash));
    return tags;
  }

  /** RegisterTaskDefinition exactly as the task definition step sends it. */
  public static RegisterTaskDefinitionRequest registerTaskDefinition(
      ServiceRelease sr, ReleasePlan plan) {
    return plan.taskDefinition().toBuilder().tags(registrationTags(sr, plan.contentHash())).build();
  }

  /** CreateService for a service that does not exist yet. */
  public static CreateServiceRequest createService(
      ServiceRelease sr, DesiredService service, String taskDefinitionArn, String clientToken) {
    return service.createRequest(taskDefinitionArn, clientToken, Tags.ownership(sr));
  }

  /** The one-off RunTask of a pre-deploy step, with the new revision and the service's network. */
  public static RunTaskRequest preDeployRunTask(
      ServiceRelease sr,
      DesiredService s,
      PreDeployTaskSpec task,
      String taskDefinitionArn,
      String startedBy,
      String clientToken) {
    return RunTaskRequest.builder()
        .cluster(s.cluster())
        .taskDefinition(taskDefinitionArn)
        .count(1)
        .startedBy(startedBy)
        .clientToken(clientToken)
        .launchType(s.launchType())
        .capacityProviderStrategy(
            s.capacityProviderStrategy().isEmpty() ? null : s.capacityProviderStrategy())
        .networkConfiguration(s.networkConfiguration())
        .overrides(
            o ->
                o.containerOverrides(
                    ContainerOverride.builder().name(task.container).command(task.command).build()))
        .tags(Tags.ownership(sr))
        .build();
  }

  /** The scalable target and CPU policy requests, when the release is autoscaled. */
  public record Autoscaling(RegisterScalableTargetRequest target, PutScalingPolicyRequest policy) {}

  public static Optional<Autoscaling> autoscaling(ServiceRelease sr) {
    ServiceSpec.Autoscaling spec =
        sr.getSpec().service == null ? null : sr.getSpec().service.autoscaling;
    if (spec == null) return Optional.empty();
    String id = AutoScalingPort.resourceId(sr.getSpec().cluster, sr.serviceName());
    return Optional.of(
        new Autoscaling(
            AutoScalingPort.registerRequest(id, spec.minCapacity, spec.maxCapacity),
            AutoScalingPort.cpuPolicyRequest(
                id, targetCpu(spec), spec.scaleInCooldownSeconds, spec.scaleOutCooldownSeconds)));
  }

  public static int targetCpu(ServiceSpec.Autoscaling spec) {
    return spec.targetCpuUtilization == null ? DEFAULT_TARGET_CPU : spec.targetCpuUtilization;
  }
}
