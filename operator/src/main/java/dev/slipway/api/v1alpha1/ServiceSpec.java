package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** ECS service settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.capacityProviderStrategy) || !has(self.launchType)",
    message = "set either launchType or capacityProviderStrategy, not both")
public class ServiceSpec {
  /** Tasks to run; with autoscaling, only the initial count (the scaler owns it afterwards). */
  @Min(0)
  public Integer desiredCount = 1;

  @Pattern("^(FARGATE|EC2|EXTERNAL)$")
  public String launchType;

  @Size(max = 6)
  public List<CapacityProviderItem> capacityProviderStrategy;

  @Size(max = 16)
  public String platformVersion;

  public NetworkConfiguration networkConfiguration;

  @Size(max = 5)
  public List<LoadBalancer> loadBalancers;

  @Min(0)
  @Max(2147483647)
  public Integer healthCheckGracePeriodSeconds;

  /** ECS Exec (aws ecs execute-command). */
  public Boolean enableExecuteCommand;

  public Autoscaling autoscaling;

  /** One entry of a capacity provider strategy, e.g. FARGATE_SPOT weight 3. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CapacityProviderItem {
    @Required public String capacityProvider;

    @Min(0)
    @Max(1000)
    public Integer weight;

    @Min(0)
    @Max(100000)
    public Integer base;
  }

  /** awsvpc networking: subnets, security groups, public IP. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NetworkConfiguration {
    @Required
    @Size(min = 1, max = 16)
    public List<@Pattern("^subnet-[0-9a-f]+$") String> subnets;

    @Size(max = 5)
    public List<String> securityGroups;

    public Boolean assignPublicIp;
  }

  /** Registers the service's tasks in an ALB target group. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LoadBalancer {
    @Required
    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/.+$")
    public String targetGroupArn;

    @Required
    @Size(max = 255)
    public String containerName;

    @Required
    @Min(1)
    @Max(65535)
    public Integer containerPort;
  }

  /** Target-tracking autoscaling on average CPU. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "self.minCapacity <= self.maxCapacity",
      message = "autoscaling.minCapacity must not exceed maxCapacity")
  public static class Autoscaling {
    @Required
    @Min(0)
    public Integer minCapacity;

    @Required
    @Min(1)
    public Integer maxCapacity;

    @Min(1)
    @Max(100)
    public Integer targetCpuUtilization = 60;

    @Min(0)
    public Integer scaleInCooldownSeconds;

    @Min(0)
    public Integer scaleOutCooldownSeconds;
  }
}
