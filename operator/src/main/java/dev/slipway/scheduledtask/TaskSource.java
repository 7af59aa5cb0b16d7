package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.release.ContentHash;
import dev.slipway.release.DesiredService;
import dev.slipway.release.Tags;
import dev.slipway.release.TaskDefinitionRenderer;
import dev.slipway.status.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Resolves what a run starts: a release's current revision with the batch's launch settings over
 * the release's, or the batch's own task definition, registered once per content.
 */
final class TaskSource {
  /** What a pass can start now, or why it cannot yet. */
  sealed interface Resolution permits Ready, Waiting {}

  /** The task runs can start. */
  record Ready(BatchTask task) implements Resolution {}

  /** Nothing to start yet (the release has no successful rollout); not an error. */
  record Waiting(String message) implements Resolution {}

  private final EcsPort ecs;
  private final EventRecorder events;

  /** Registered revisions by owner and content hash: saves a describe per pass. */
  private final Map<String, String> registered = new ConcurrentHashMap<>();

  TaskSource(EcsPort ecs, EventRecorder events) {
    this.ecs = ecs;
    this.events = events;
  }

  /** The account, Region and role runs use: the spec's, else the release's. */
  static AwsTarget target(ScheduledTask st, ServiceRelease release) {
    var aws = st.getSpec().aws != null ? st.getSpec().aws : release.getSpec().aws;
    String role =
        st.getSpec().aws != null && st.getSpec().aws.roleArn != null
            ? st.getSpec().aws.roleArn
            : release == null ? null : release.getSpec().aws.roleArn;
    return new AwsTarget(aws.accountId, aws.region, role);
  }

  /** Resolves the task; writes to AWS only to register the batch's own task definition. */
  Resolution resolve(ScheduledTask st, ServiceRelease release) {
    ScheduledTaskSpec spec = st.getSpec();
    AwsTarget target = target(st, release);
    if (spec.taskDefinition != null) {
      return new Ready(
          task(st, target, spec.cluster, ownRevision(st, target), null, spec.taskDefinition));
    }
    Optional<String> current = currentRevision(release);
    if (current.isEmpty()) {
      return new Waiting(
          "waiting for ServiceRelease "
              + release.getMetadata().getName()
              + " to complete a rollout: runs use its current revision");
    }
    return new Ready(
        task(
            st,
            target,
            release.getSpec().cluster,
            current.get(),
            release.getSpec().service,
            release.getSpec().taskDefinition));
  }

  /**
   * The revision the release's service runs: its last good one, so a failed or rolling-back release
   * never hands its bad revision to the batches.
   */
  static Optional<String> currentRevision(ServiceRelease release) {
    var status = release.getStatus();
    if (status == null) return Optional.empty();
    if (status.lastGoodTaskDefinitionArn != null) {
      return Optional.of(status.lastGoodTaskDefinitionArn);
    }
    boolean ready = status.phase != null && status.phase.name().equals("Ready");
    return ready ? Optional.ofNullable(status.taskDefinitionArn) : Optional.empty();
  }

  private static BatchTask task(
      ScheduledTask st,
      AwsTarget target,
      String cluster,
      String taskDefinitionArn,
      ServiceSpec release,
      TaskDefinitionSpec td) {
    ServiceSpec launch = launch(st.getSpec(), release == null ? new ServiceSpec() : release);
    return new BatchTask(
        target,
        cluster,
        taskDefinitionArn,
        DesiredService.launchType(launch),
        DesiredService.capacityProviders(launch.capacityProviderStrategy),
        launch.platformVersion,
        DesiredService.network(launch.networkConfiguration),
        essential(td));
  }

  /** The release's launch settings with the batch's own on top, field by field. */
  static ServiceSpec launch(ScheduledTaskSpec spec, ServiceSpec release) {
    ServiceSpec merged = new ServiceSpec();
    boolean ownLaunch = spec.launchType != null || spec.capacityProviderStrategy != null;
    merged.launchType = ownLaunch ? spec.launchType : release.launchType;
    merged.capacityProviderStrategy =
        ownLaunch ? spec.capacityProviderStrategy : release.capacityProviderStrategy;
    merged.platformVersion =
        spec.platformVersion != null ? spec.platformVersion : release.platformVersion;
    merged.networkConfiguration =
        spec.networkConfiguration != null
            ? spec.networkConfiguration
            : release.networkConfiguration;
    return merged;
  }

  private static Set<String> essential(TaskDefinitionSpec td) {
    return td.containers.stream()
        .filter(ContainerSpec::isEssential)
        .map(c -> c.name)
        .collect(Collectors.toSet());
  }

  /** The batch's own revision: the family's latest when it is ours with this content, else new. */
  private String ownRevision(ScheduledTask st, AwsTarget target) {
    RegisterTaskDefinitionRequest request =
        TaskDefinitionRenderer.render(st.getSpec().taskDefinition);
    String hash = ContentHash.of(request);
    String key = BatchRequests.owner(st) + "@" + hash;
    String known = registered.get(key);
    if (known != null) return known;
    Optional<EcsPort.Revision> latest = ecs.describeTaskDefinition(target, request.family());
    if (latest.isPresent()
        && Tags.find(latest.get().tags(), BatchRequests.OWNER_TAG)
            .filter(BatchRequests.owner(st)::equals)
            .isPresent()
        && Tags.find(latest.get().tags(), Tags.CONTENT_HASH).filter(hash::equals).isPresent()) {
      registered.put(key, latest.get().definition().taskDefinitionArn());
      return latest.get().definition().taskDefinitionArn();
    }
    List<Tag> tags = new ArrayList<>(BatchRequests.ownership(st));
    tags.add(Tags.tag(Tags.CONTENT_HASH, hash));
    String arn = ecs.register(target, request, tags).definition().taskDefinitionArn();
    events.normal(st, "TaskDefinitionRegistered", "Registered " + arn + " for the batch's runs");
    registered.put(key, arn);
    return arn;
  }
}
