package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.AwsSimulator;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/** Creates, edits and reads back the ServiceReleases {@link Releases} builds, in a sandbox. */
public final class SandboxReleases {
  private SandboxReleases() {}

  public static void create(Sandbox sandbox, ServiceRelease sr) {
    sandbox.client().resources(ServiceRelease.class).inNamespace("default").resource(sr).create();
  }

  public static void editImage(Sandbox sandbox, String name, String image) {
    sandbox
        .client()
        .resources(ServiceRelease.class)
        .inNamespace("default")
        .withName(name)
        .edit(
            r -> {
              r.getSpec().taskDefinition.containers.get(0).image = image;
              return r;
            });
  }

  public static ServiceRelease get(Sandbox sandbox, String name) {
    return sandbox
        .client()
        .resources(ServiceRelease.class)
        .inNamespace("default")
        .withName(name)
        .get();
  }

  public static Phase phase(Sandbox sandbox, String name) {
    ServiceRelease sr = get(sandbox, name);
    return sr == null || sr.getStatus() == null ? null : sr.getStatus().phase;
  }

  /** ACTIVE revisions of a family in the simulated account. */
  public static List<String> revisions(Sandbox sandbox, String family) {
    return sandbox.aws().inventory(Releases.ACCOUNT, Releases.REGION).taskDefinitions().stream()
        .filter(arn -> arn.contains("task-definition/" + family + ":"))
        .toList();
  }

  /** One-off tasks Slipway started (migrations) in a cluster, running or stopped. */
  public static List<Task> slipwayTasks(AwsSimulator aws, AwsTarget target, String cluster) {
    EcsClient ecs = aws.ecs(target);
    List<String> arns = new ArrayList<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      arns.addAll(ecs.listTasks(b -> b.cluster(cluster).desiredStatus(status)).taskArns());
    }
    if (arns.isEmpty()) return List.of();
    return ecs.describeTasks(d -> d.cluster(cluster).tasks(arns)).tasks().stream()
        .filter(t -> t.startedBy() != null && t.startedBy().startsWith("slipway-"))
        .toList();
  }
}
