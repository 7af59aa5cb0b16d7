package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.slipway.release.FargateSizes;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A typed subset of ECS RegisterTaskDefinition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.containers.all(c, self.containers.exists_one(d, d.name == c.name))",
    message = "container names must be unique")
@ValidationRule(
    value = "self.containers.exists(c, !has(c.essential) || c.essential)",
    message = "at least one container must be essential")
@ValidationRule(
    value = FargateSizes.CEL_CPU_RULE,
    fieldPath = ".cpu",
    message = FargateSizes.CPU_MESSAGE)
@ValidationRule(
    value = FargateSizes.CEL_MEMORY_RULE,
    fieldPath = ".memory",
    message = FargateSizes.MEMORY_MESSAGE,
    messageExpression = FargateSizes.CEL_MEMORY_MESSAGE)
public class TaskDefinitionSpec {
  @JsonPropertyDescription(
      "Task definition family, e.g. bookmark-main; every release registers a revision in it "
          + "(family:1, family:2, ...). Letters, digits, '-' and '_', at most 255.")
  @Required
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String family;

  /** Task CPU units, e.g. "512" or "1 vCPU". */
  @JsonPropertyDescription(
      "Task CPU in CPU units or vCPU, e.g. \"256\", \"512\", \"1024\" or \"1 vCPU\" (1024 units = "
          + "1 vCPU). Required by Fargate, which accepts only certain cpu and memory pairs (for "
          + "example 256 with 512, 1024 or 2048 MiB).")
  @Pattern(FargateSizes.CPU_PATTERN)
  @Size(max = 16)
  public String cpu;

  /** Task memory, e.g. "1024" or "1 GB". */
  @JsonPropertyDescription(
      "Task memory in MiB or GB, e.g. \"512\", \"1024\" or \"2 GB\". Required by Fargate, in a "
          + "combination its cpu allows.")
  @Pattern(FargateSizes.MEMORY_PATTERN)
  @Size(max = 16)
  public String memory;

  @JsonPropertyDescription(
      "IAM role the ECS agent uses to start the task: pull images from ECR, write awslogs logs and "
          + "read the containers' secrets.")
  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
  public String executionRoleArn;

  @JsonPropertyDescription(
      "IAM role the application in the containers assumes for its own AWS calls.")
  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
  public String taskRoleArn;

  /** awsvpc (Fargate's only mode), bridge, host or none. */
  @JsonPropertyDescription(
      "Docker networking of the task: awsvpc (default; the only mode Fargate supports), bridge, "
          + "host or none.")
  @Pattern("^(awsvpc|bridge|host|none)$")
  public String networkMode = "awsvpc";

  @JsonPropertyDescription(
      "Launch types the task definition must be valid for: FARGATE and/or EC2. Default [FARGATE].")
  @Size(max = 2)
  public List<String> requiresCompatibilities = new ArrayList<>(List.of("FARGATE"));

  @JsonPropertyDescription(
      "CPU architecture and operating system the task needs, e.g. ARM64 for Graviton.")
  public RuntimePlatform runtimePlatform;

  @JsonPropertyDescription(
      "The containers of the task (1 to 10). Names must be unique and at least one container must "
          + "be essential.")
  @Required
  @Size(min = 1, max = 10)
  public List<ContainerSpec> containers = new ArrayList<>();

  /** CPU architecture and OS of the task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RuntimePlatform {
    @JsonPropertyDescription("X86_64 or ARM64. The images must be built for it.")
    @Pattern("^(X86_64|ARM64)$")
    public String cpuArchitecture;

    @JsonPropertyDescription(
        "Operating system of the task as ECS names it, e.g. LINUX. Unset: ECS's default (LINUX).")
    public String operatingSystemFamily;
  }
}
