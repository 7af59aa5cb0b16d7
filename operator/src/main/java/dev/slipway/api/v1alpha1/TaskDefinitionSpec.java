package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
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
  @Required
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String family;

  /** Task CPU units, e.g. "512" or "1 vCPU". */
  @Pattern(FargateSizes.CPU_PATTERN)
  @Size(max = 16)
  public String cpu;

  /** Task memory, e.g. "1024" or "1 GB". */
  @Pattern(FargateSizes.MEMORY_PATTERN)
  @Size(max = 16)
  public String memory;

  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
  public String executionRoleArn;

  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
  public String taskRoleArn;

  /** awsvpc (Fargate's only mode), bridge, host or none. */
  @Pattern("^(awsvpc|bridge|host|none)$")
  public String networkMode = "awsvpc";

  @Size(max = 2)
  public List<String> requiresCompatibilities = new ArrayList<>(List.of("FARGATE"));

  public RuntimePlatform runtimePlatform;

  @Required
  @Size(min = 1, max = 10)
  public List<ContainerSpec> containers = new ArrayList<>();

  /** CPU architecture and OS of the task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RuntimePlatform {
    @Pattern("^(X86_64|ARM64)$")
    public String cpuArchitecture;

    public String operatingSystemFamily;
  }
}
