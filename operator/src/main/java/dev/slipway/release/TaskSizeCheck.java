package dev.slipway.release;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import java.util.List;
import java.util.Optional;

/**
 * The task-size part of {@link SpecValidator}: cpu and memory spellings, the Fargate table, the
 * Fargate compatibility and platform version that go with it, and ECS's rule that containers
 * reserve no more than the task has. Problems are "field: what", fields relative to spec.
 */
final class TaskSizeCheck {
  private TaskSizeCheck() {}

  static void check(ServiceReleaseSpec spec, List<String> problems) {
    TaskDefinitionSpec td = spec.taskDefinition;
    Optional<Integer> cpu = FargateSizes.cpuUnits(td.cpu);
    Optional<Integer> memory = FargateSizes.memoryMiB(td.memory);
    if (td.cpu != null && !td.cpu.matches(FargateSizes.CPU_PATTERN))
      problems.add(
          "taskDefinition.cpu: must be CPU units (\"512\") or vCPUs (\"1 vCPU\", \".25 vCPU\")");
    if (td.memory != null && !td.memory.matches(FargateSizes.MEMORY_PATTERN))
      problems.add(
          "taskDefinition.memory: must be MiB (\"1024\", \"1024 MB\") or GB (\"2 GB\", \"0.5 GB\")");
    if (fargateCompatible(td)) checkFargate(td, cpu, problems);
    if (DesiredService.runsOnFargate(spec.service) && !fargateCompatible(td))
      problems.add("taskDefinition.requiresCompatibilities: " + FargateSizes.COMPATIBILITY_MESSAGE);
    checkPlatform(spec, cpu, problems);
    checkContainers(td, cpu, memory, problems);
  }

  /**
   * FARGATE among requiresCompatibilities puts the task definition under the table, whatever else
   * is listed; absent means the default, which is FARGATE.
   */
  static boolean fargateCompatible(TaskDefinitionSpec td) {
    return td.requiresCompatibilities == null || td.requiresCompatibilities.contains("FARGATE");
  }

  private static void checkFargate(
      TaskDefinitionSpec td, Optional<Integer> cpu, List<String> problems) {
    boolean windows =
        td.runtimePlatform != null
            && td.runtimePlatform.operatingSystemFamily != null
            && td.runtimePlatform.operatingSystemFamily.startsWith("WINDOWS");
    Optional<FargateSizes.Size> size =
        cpu.flatMap(FargateSizes::forCpu).filter(s -> !windows || s.windows());
    if (size.isEmpty()) {
      // A cpu that is not even spelled right was reported above; the table still refuses it.
      problems.add("taskDefinition.cpu: " + FargateSizes.CPU_MESSAGE);
      return;
    }
    Optional<Integer> memory = FargateSizes.memoryMiB(td.memory);
    if (memory.isEmpty() || !size.get().memory().contains(memory.get()))
      problems.add(
          "taskDefinition.memory: " + FargateSizes.memoryMessage(td.memory, td.cpu, size.get()));
  }

  private static void checkPlatform(
      ServiceReleaseSpec spec, Optional<Integer> cpu, List<String> problems) {
    String platform = spec.service == null ? null : spec.service.platformVersion;
    boolean old = platform != null && FargateSizes.OLD_PLATFORMS.contains(platform);
    if (old && cpu.filter(c -> c >= FargateSizes.PLATFORM_1_4_FROM).isPresent())
      problems.add("service.platformVersion: " + FargateSizes.PLATFORM_MESSAGE);
  }

  /**
   * ECS (ContainerDefinition cpu and memory in the API reference): the cpu reserved by all
   * containers, and the memory they reserve (memoryReservation, else memory), fit in the task's;
   * and a container's memoryReservation is below its hard limit. The documentation says "lower
   * than"; ECS accepts equal values (a single container sized like its task is the common case), so
   * equality passes here too.
   */
  private static void checkContainers(
      TaskDefinitionSpec td,
      Optional<Integer> taskCpu,
      Optional<Integer> taskMemory,
      List<String> problems) {
    long containerCpu = 0;
    long reserved = 0;
    for (int i = 0; i < td.containers.size(); i++) {
      ContainerSpec c = td.containers.get(i);
      containerCpu += c.cpu == null ? 0 : c.cpu;
      Integer reservation = c.memoryReservation != null ? c.memoryReservation : c.memory;
      reserved += reservation == null ? 0 : reservation;
      if (c.memory != null && c.memoryReservation != null && c.memoryReservation > c.memory)
        problems.add(
            "taskDefinition.containers["
                + i
                + "].memoryReservation: "
                + c.memoryReservation
                + " exceeds the container's memory limit "
                + c.memory);
    }
    if (taskCpu.isPresent() && containerCpu > taskCpu.get())
      problems.add(
          "taskDefinition.containers: container cpu adds up to "
              + containerCpu
              + " CPU units, more than the task's "
              + taskCpu.get());
    if (taskMemory.isPresent() && reserved > taskMemory.get())
      problems.add(
          "taskDefinition.containers: containers reserve "
              + reserved
              + " MiB of memory (memoryReservation, else memory), more than the task's "
              + taskMemory.get());
  }
}
