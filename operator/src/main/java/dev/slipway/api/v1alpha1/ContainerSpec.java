package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.slipway.release.ImageReference;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** One container of the task definition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = ImageReference.CEL_LENGTH_RULE,
    fieldPath = ".image",
    message = ImageReference.LENGTH_MESSAGE)
public class ContainerSpec {
  /** A Secrets Manager secret or SSM parameter ARN, what ECS accepts as a secret's valueFrom. */
  public static final String SECRET_ARN_PATTERN =
      "^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:[0-9]{12}:(secret:|parameter/).+$";

  @JsonPropertyDescription(
      "Container name, unique in the task; other fields refer to it (service.loadBalancers, "
          + "preDeploy.container, a StagingEnvironment's images and route). Letters, digits, '-' "
          + "and '_'.")
  @Required
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  @Size(max = 255)
  public String name;

  @JsonPropertyDescription(
      "Image reference, e.g. 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:3f2a9c1. "
          + "Changing it releases a new revision; it is what CI usually bumps. Branch environments "
          + "replace the tag with their imageTag.")
  @Required
  @Size(min = 1, max = 1024)
  @Pattern(ImageReference.PATTERN)
  public String image;

  @JsonPropertyDescription(
      "CPU units reserved for this container within the task (1024 = 1 vCPU). Optional.")
  @Min(0)
  public Integer cpu;

  @JsonPropertyDescription(
      "Hard memory limit of the container in MiB; it is killed above it. Optional.")
  @Min(6)
  public Integer memory;

  @JsonPropertyDescription(
      "Soft memory limit of the container in MiB: what it is expected to need. Optional.")
  @Min(6)
  public Integer memoryReservation;

  /** When an essential container stops, the whole task stops. Defaults to true. */
  @JsonPropertyDescription(
      "Whether the task stops when this container stops. Default true; a pre-deploy task succeeds "
          + "only if every essential container exits 0.")
  public Boolean essential;

  @JsonPropertyDescription(
      "Ports the container listens on, at most 20. A load balancer or a branch environment route "
          + "can only use a port declared here.")
  @Size(max = 20)
  public List<PortMapping> portMappings;

  /** Plain environment variables. */
  @JsonPropertyDescription(
      "Plain environment variables, name to value (at most 200). They are visible in the task "
          + "definition: put credentials in secrets instead.")
  @Size(max = 200)
  public Map<String, String> environment;

  /** Environment variables read from Secrets Manager or SSM: name → ARN (never the value). */
  @JsonPropertyDescription(
      "Environment variables ECS fills from Secrets Manager or SSM Parameter Store when the task "
          + "starts: variable name to the ARN of the secret or parameter (never the value), e.g. "
          + "DATABASE_URL: arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bookmark/db. "
          + "The executionRoleArn must be allowed to read them. At most 100.")
  @Size(max = 100)
  // A pattern on the values rather than a CEL rule over the map: kube-apiserver prices a regex
  // per value times values times containers and refused the CRD for it; a pattern costs nothing.
  public Map<String, @Pattern(SECRET_ARN_PATTERN) @Size(max = 2048) String> secrets;

  @JsonPropertyDescription(
      "Command run in the container, replacing the image's CMD, e.g. [bundle, exec, puma]. Unset: "
          + "the image's CMD.")
  @Size(max = 100)
  public List<String> command;

  @JsonPropertyDescription(
      "Entry point, replacing the image's ENTRYPOINT. Unset: the image's ENTRYPOINT.")
  @Size(max = 20)
  public List<String> entryPoint;

  @JsonPropertyDescription("Working directory of the command. Unset: the image's WORKDIR.")
  public String workingDirectory;

  @JsonPropertyDescription(
      "Container health check run by ECS. Independent of the load balancer's target group health "
          + "check.")
  public HealthCheck healthCheck;

  @JsonPropertyDescription(
      "Where the container's stdout and stderr go, e.g. the awslogs driver to CloudWatch Logs.")
  public LogConfiguration logConfiguration;

  @JsonPropertyDescription(
      "Containers of this task that must reach a condition before this one starts, e.g. a sidecar "
          + "that must be HEALTHY. At most 10.")
  @Size(max = 10)
  public List<ContainerDependency> dependsOn;

  public boolean isEssential() {
    return essential == null || essential;
  }

  /** A container port exposed by the task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PortMapping {
    @JsonPropertyDescription("Port the container listens on, 1 to 65535.")
    @Required
    @Min(1)
    @Max(65535)
    public Integer containerPort;

    @JsonPropertyDescription(
        "Port on the host. With awsvpc (Fargate) omit it or set it equal to containerPort.")
    @Min(0)
    @Max(65535)
    public Integer hostPort;

    @JsonPropertyDescription("tcp (default) or udp.")
    @Pattern("^(tcp|udp)$")
    public String protocol;

    @JsonPropertyDescription("Name of the port mapping, used by ECS Service Connect. Optional.")
    public String name;

    @JsonPropertyDescription(
        "Application protocol for ECS Service Connect: http, http2 or grpc. Optional.")
    @Pattern("^(http|http2|grpc)$")
    public String appProtocol;
  }

  /** Docker health check run by the ECS agent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HealthCheck {
    @JsonPropertyDescription(
        "Command that decides health, e.g. [CMD-SHELL, \"curl -f http://localhost:8080/health || "
            + "exit 1\"]; exit code 0 means healthy.")
    @Required
    @Size(min = 1, max = 20)
    public List<String> command;

    @JsonPropertyDescription("Seconds between checks, 5 to 300. Unset: ECS's default (30).")
    @Min(5)
    @Max(300)
    public Integer interval;

    @JsonPropertyDescription(
        "Seconds a check may take before it counts as failed, 2 to 120. Unset: ECS's default (5).")
    @Min(2)
    @Max(120)
    public Integer timeout;

    @JsonPropertyDescription(
        "Consecutive failures before the container is unhealthy, 1 to 10. Unset: ECS's default "
            + "(3).")
    @Min(1)
    @Max(10)
    public Integer retries;

    @JsonPropertyDescription(
        "Grace period in seconds after start during which failures do not count, 0 to 300. Unset: "
            + "none.")
    @Min(0)
    @Max(300)
    public Integer startPeriod;
  }

  /** Where the container's logs go. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LogConfiguration {
    @JsonPropertyDescription("Log driver, e.g. awslogs (CloudWatch Logs) or awsfirelens.")
    @Required
    public String logDriver;

    @JsonPropertyDescription(
        "Options of the driver, e.g. for awslogs: awslogs-group, awslogs-region and "
            + "awslogs-stream-prefix.")
    public Map<String, String> options;
  }

  /** Start-up ordering between containers of the task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ContainerDependency {
    @JsonPropertyDescription("The container waited for; it must be in the same task.")
    @Required
    public String containerName;

    @JsonPropertyDescription(
        "What is waited for: START (it started), COMPLETE (it exited), SUCCESS (it exited 0) or "
            + "HEALTHY (its health check passes).")
    @Required
    @Pattern("^(START|COMPLETE|SUCCESS|HEALTHY)$")
    public String condition;
  }
}
