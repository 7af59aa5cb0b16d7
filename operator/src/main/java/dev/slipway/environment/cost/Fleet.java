package dev.slipway.environment.cost;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.release.DesiredService;
import dev.slipway.release.FargateSizes;
import java.util.List;

/**
 * An environment's ECS services as the cost estimate sees them, read from their ServiceReleases:
 * task size, architecture, where tasks are placed, how many run now and how many run awake.
 */
public final class Fleet {
  private Fleet() {}

  /** One capacity provider strategy item (ECS's defaults, 0, applied). */
  public record Placement(String provider, int base, int weight) {}

  /**
   * One service. {@code cpuUnits}/{@code memoryMiB} are null when the spec gives none Fargate could
   * run; {@code launchType} is null with a capacity provider strategy; {@code awakeDesired} is the
   * count it runs awake (with autoscaling, at least its minimum).
   */
  public record Service(
      String name,
      String region,
      String architecture,
      boolean windows,
      Integer cpuUnits,
      Integer memoryMiB,
      String launchType,
      List<Placement> strategy,
      int running,
      int awakeDesired) {}

  /** The service a ServiceRelease runs, as last observed (running tasks from status.replicas). */
  public static Service of(ServiceRelease sr) {
    ServiceReleaseSpec spec = sr.getSpec();
    TaskDefinitionSpec td =
        spec.taskDefinition == null ? new TaskDefinitionSpec() : spec.taskDefinition;
    ServiceSpec service = spec.service == null ? new ServiceSpec() : spec.service;
    String arch = "X86_64";
    boolean windows = false;
    if (td.runtimePlatform != null) {
      if (td.runtimePlatform.cpuArchitecture != null) arch = td.runtimePlatform.cpuArchitecture;
      String os = td.runtimePlatform.operatingSystemFamily;
      windows = os != null && os.startsWith("WINDOWS");
    }
    List<Placement> strategy =
        service.capacityProviderStrategy == null
            ? List.of()
            : service.capacityProviderStrategy.stream()
                .map(
                    i ->
                        new Placement(
                            i.capacityProvider,
                            i.base == null ? 0 : i.base,
                            i.weight == null ? 0 : i.weight))
                .toList();
    return new Service(
        sr.getMetadata().getName(),
        spec.aws == null ? null : spec.aws.region,
        arch,
        windows,
        FargateSizes.cpuUnits(td.cpu).orElse(null),
        FargateSizes.memoryMiB(td.memory).orElse(null),
        DesiredService.launchType(service),
        strategy,
        running(sr),
        // A sleeping release keeps its spec, so this is what it runs awake even while asleep.
        DesiredService.desiredCount(service));
  }

  /** Running tasks from "running/desired"; 0 before ECS was first observed. */
  static int running(ServiceRelease sr) {
    String replicas = sr.getStatus() == null ? null : sr.getStatus().replicas;
    if (replicas == null || !replicas.matches("[0-9]{1,6}/[0-9]{1,6}")) return 0;
    return Integer.parseInt(replicas.substring(0, replicas.indexOf('/')));
  }
}
