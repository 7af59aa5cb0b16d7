package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task sizes through SpecValidator, as the operator and slipway verify see them. */
class TaskSizeCheckTest {
  private static ServiceReleaseSpec spec(String cpu, String memory) {
    ServiceReleaseSpec s = Releases.web("web", "registry/web:v1").getSpec();
    s.taskDefinition.cpu = cpu;
    s.taskDefinition.memory = memory;
    return s;
  }

  private static List<String> problems(ServiceReleaseSpec s) {
    return SpecValidator.validate(s);
  }

  @Test
  void memoryZeroIsRefusedWithTheValidValuesForTheCpu() {
    assertThat(problems(spec("256", "0")))
        .containsExactly(
            "taskDefinition.memory: on Fargate, memory 0 does not fit cpu 256; valid memory values"
                + " (MiB): 512, 1024, 2048");
    assertThat(problems(spec("1 vCPU", "1 GB")))
        .containsExactly(
            "taskDefinition.memory: on Fargate, memory 1 GB does not fit cpu 1 vCPU; valid memory"
                + " values (MiB): 2048, 3072, 4096, 5120, 6144, 7168, 8192");
  }

  @Test
  void fargateNeedsTaskCpuAndMemory() {
    assertThat(problems(spec(null, null)))
        .containsExactly("taskDefinition.cpu: " + FargateSizes.CPU_MESSAGE);
    assertThat(problems(spec("256", null)))
        .singleElement()
        .asString()
        .startsWith("taskDefinition.memory: on Fargate, memory (unset) does not fit cpu 256");
  }

  @Test
  void aCpuFargateDoesNotOfferIsRefused() {
    assertThat(problems(spec("300", "512")))
        .containsExactly("taskDefinition.cpu: " + FargateSizes.CPU_MESSAGE);
    assertThat(problems(spec("1vcpu", "2048")))
        .contains("taskDefinition.cpu: " + FargateSizes.CPU_MESSAGE)
        .anySatisfy(p -> assertThat(p).startsWith("taskDefinition.cpu: must be CPU units"));
  }

  @Test
  void theLargestSizesAreAcceptedOnPlatform14() {
    assertThat(problems(spec("16 vCPU", "120 GB"))).isEmpty();
    assertThat(problems(spec("8 vCPU", "60 GB"))).isEmpty();
    ServiceReleaseSpec latest = spec("16384", "32768");
    latest.service.platformVersion = "LATEST";
    assertThat(problems(latest)).isEmpty();
    ServiceReleaseSpec old = spec("8192", "16384");
    old.service.platformVersion = "1.3.0";
    assertThat(problems(old))
        .containsExactly("service.platformVersion: " + FargateSizes.PLATFORM_MESSAGE);
    old.taskDefinition.cpu = "4096";
    old.taskDefinition.memory = "8192";
    assertThat(problems(old)).as("1.3.0 is fine below 8 vCPU").isEmpty();
  }

  @Test
  void windowsTasksTakeOneTwoOrFourVcpu() {
    ServiceReleaseSpec s = spec("512", "1024");
    s.taskDefinition.runtimePlatform = new TaskDefinitionSpec.RuntimePlatform();
    s.taskDefinition.runtimePlatform.operatingSystemFamily = "WINDOWS_SERVER_2022_CORE";
    assertThat(problems(s)).containsExactly("taskDefinition.cpu: " + FargateSizes.CPU_MESSAGE);
    s.taskDefinition.cpu = "1024";
    s.taskDefinition.memory = "2048";
    assertThat(problems(s)).isEmpty();
  }

  @Test
  void fargateCompatibilityPutsATaskUnderTheTableWhateverTheLaunchType() {
    ServiceReleaseSpec both = spec("256", "0");
    both.taskDefinition.requiresCompatibilities = new ArrayList<>(List.of("EC2", "FARGATE"));
    both.service.launchType = "EC2";
    assertThat(problems(both)).singleElement().asString().startsWith("taskDefinition.memory:");
  }

  @Test
  void anEc2OnlyTaskOnEc2IsNotHeldToTheTable() {
    ServiceReleaseSpec ec2 = spec("300", "700");
    ec2.taskDefinition.requiresCompatibilities = new ArrayList<>(List.of("EC2"));
    ec2.service.launchType = "EC2";
    assertThat(problems(ec2)).isEmpty();
  }

  @Test
  void aServiceOnFargateNeedsAFargateCompatibleTask() {
    String expected =
        "taskDefinition.requiresCompatibilities: " + FargateSizes.COMPATIBILITY_MESSAGE;
    ServiceReleaseSpec byDefault = spec("256", "512");
    byDefault.taskDefinition.requiresCompatibilities = new ArrayList<>(List.of("EC2"));
    assertThat(problems(byDefault)).containsExactly(expected);

    ServiceReleaseSpec spot = spec("256", "512");
    spot.taskDefinition.requiresCompatibilities = new ArrayList<>(List.of("EC2"));
    ServiceSpec.CapacityProviderItem item = new ServiceSpec.CapacityProviderItem();
    item.capacityProvider = "FARGATE_SPOT";
    spot.service.capacityProviderStrategy = List.of(item);
    assertThat(problems(spot)).containsExactly(expected);

    item.capacityProvider = "my-asg-provider";
    assertThat(problems(spot)).as("an EC2 capacity provider").isEmpty();
  }

  @Test
  void containersReserveNoMoreThanTheTask() {
    ServiceReleaseSpec s = spec("256", "512");
    ContainerSpec app = s.taskDefinition.containers.get(0);
    app.cpu = 256;
    app.memory = 512;
    assertThat(problems(s)).as("a container sized like its task").isEmpty();

    ContainerSpec side = new ContainerSpec();
    side.name = "side";
    side.image = "registry/side:v1";
    side.essential = false;
    side.cpu = 64;
    side.memoryReservation = 128;
    s.taskDefinition.containers.add(side);
    assertThat(problems(s))
        .containsExactly(
            "taskDefinition.containers: container cpu adds up to 320 CPU units, more than the"
                + " task's 256",
            "taskDefinition.containers: containers reserve 640 MiB of memory (memoryReservation,"
                + " else memory), more than the task's 512");

    app.cpu = 192;
    app.memoryReservation = 256;
    assertThat(problems(s)).as("reservations count, not hard limits").isEmpty();
  }

  @Test
  void aReservationAboveTheHardLimitIsRefused() {
    ServiceReleaseSpec s = spec("256", "512");
    ContainerSpec app = s.taskDefinition.containers.get(0);
    app.memory = 256;
    app.memoryReservation = 300;
    assertThat(problems(s))
        .containsExactly(
            "taskDefinition.containers[0].memoryReservation: 300 exceeds the container's memory"
                + " limit 256");
  }
}
