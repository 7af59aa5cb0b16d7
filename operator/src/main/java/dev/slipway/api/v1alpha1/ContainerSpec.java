package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    value =
        "!has(self.secrets) || self.secrets.all(k,"
            + " self.secrets[k].matches('^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:[0-9]{12}:(secret:|parameter/).+$'))",
    message = "secrets values must be Secrets Manager secret or SSM parameter ARNs")
@ValidationRule(
    value = ImageReference.CEL_LENGTH_RULE,
    fieldPath = ".image",
    message = ImageReference.LENGTH_MESSAGE)
public class ContainerSpec {
  @Required
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  @Size(max = 255)
  public String name;

  @Required
  @Size(min = 1, max = 1024)
  @Pattern(ImageReference.PATTERN)
  public String image;

  @Min(0)
  public Integer cpu;

  @Min(6)
  public Integer memory;

  @Min(6)
  public Integer memoryReservation;

  /** When an essential container stops, the whole task stops. Defaults to true. */
  public Boolean essential;

  @Size(max = 20)
  public List<PortMapping> portMappings;

  /** Plain environment variables. */
  @Size(max = 200)
  public Map<String, String> environment;

  /** Environment variables read from Secrets Manager or SSM: name → ARN (never the value). */
  @Size(max = 100)
  public Map<String, @Size(max = 2048) String> secrets;

  @Size(max = 100)
  public List<String> command;

  @Size(max = 20)
  public List<String> entryPoint;

  public String workingDirectory;

  public HealthCheck healthCheck;

  public LogConfiguration logConfiguration;

  @Size(max = 10)
  public List<ContainerDependency> dependsOn;

  public boolean isEssential() {
    return essential == null || essential;
  }

  /** A container port exposed by the task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PortMapping {
    @Required
    @Min(1)
    @Max(65535)
    public Integer containerPort;

    @Min(0)
    @Max(65535)
    public Integer hostPort;

    @Pattern("^(tcp|udp)$")
    public String protocol;

    public String name;

    @Pattern("^(http|http2|grpc)$")
    public String appProtocol;
  }

  /** Docker health check run by the ECS agent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HealthCheck {
    @Required
    @Size(min = 1, max = 20)
    public List<String> command;

    @Min(5)
    @Max(300)
    public Integer interval;

    @Min(2)
    @Max(120)
    public Integer timeout;

    @Min(1)
    @Max(10)
    public Integer retries;

    @Min(0)
    @Max(300)
    public Integer startPeriod;
  }

  /** Where the container's logs go. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LogConfiguration {
    @Required public String logDriver;
    public Map<String, String> options;
  }

  /** Start-up ordering between containers of the task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ContainerDependency {
    @Required public String containerName;

    @Required
    @Pattern("^(START|COMPLETE|SUCCESS|HEALTHY)$")
    public String condition;
  }
}
