package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
  @JsonPropertyDescription(
      "Number of tasks to run. Default 1. With autoscaling only the first count (at least "
          + "minCapacity); the scaler owns it afterwards. Branch environments use "
          + "branches.desiredCount instead.")
  @Min(0)
  public Integer desiredCount = 1;

  @JsonPropertyDescription(
      "FARGATE, EC2 or EXTERNAL. Default FARGATE when no capacityProviderStrategy is given; set "
          + "one or the other, not both.")
  @Pattern("^(FARGATE|EC2|EXTERNAL)$")
  public String launchType;

  @JsonPropertyDescription(
      "How tasks are spread over capacity providers instead of a launch type, e.g. "
          + "[{capacityProvider: FARGATE_SPOT, weight: 3}, {capacityProvider: FARGATE, base: 1, "
          + "weight: 1}]. At most 6.")
  @Size(max = 6)
  public List<CapacityProviderItem> capacityProviderStrategy;

  @JsonPropertyDescription("Fargate platform version, e.g. 1.4.0. Unset: LATEST.")
  @Size(max = 16)
  public String platformVersion;

  @JsonPropertyDescription(
      "Subnets and security groups of the tasks (awsvpc network mode; required by Fargate).")
  public NetworkConfiguration networkConfiguration;

  @JsonPropertyDescription(
      "ALB or NLB target groups the service's tasks are registered in, at most 5. Each names a "
          + "container and port from the task definition. Branch environments route through their "
          + "own target groups instead.")
  @Size(max = 5)
  public List<LoadBalancer> loadBalancers;

  @JsonPropertyDescription(
      "Seconds after a task starts during which failing load balancer health checks are ignored; "
          + "set it above the application's start-up time. Used only with loadBalancers. Unset: "
          + "ECS's default.")
  @Min(0)
  @Max(2147483647)
  public Integer healthCheckGracePeriodSeconds;

  /** ECS Exec (aws ecs execute-command). */
  @JsonPropertyDescription(
      "Allow ECS Exec (aws ecs execute-command) into the tasks. Default false.")
  public Boolean enableExecuteCommand;

  @JsonPropertyDescription(
      "Scale the task count on average CPU (Application Auto Scaling target tracking). Unset: a "
          + "fixed desiredCount. Dropped in branch environments.")
  public Autoscaling autoscaling;

  /** One entry of a capacity provider strategy, e.g. FARGATE_SPOT weight 3. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CapacityProviderItem {
    @JsonPropertyDescription(
        "Capacity provider name, e.g. FARGATE, FARGATE_SPOT or an Auto Scaling group provider.")
    @Required
    public String capacityProvider;

    @JsonPropertyDescription("Relative share of the tasks above the bases, 0 to 1000. Default 0.")
    @Min(0)
    @Max(1000)
    public Integer weight;

    @JsonPropertyDescription(
        "Tasks placed on this provider before weights apply, 0 to 100000; only one item may set "
            + "it. Default 0.")
    @Min(0)
    @Max(100000)
    public Integer base;
  }

  /** awsvpc networking: subnets, security groups, public IP. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NetworkConfiguration {
    @JsonPropertyDescription(
        "Subnet IDs the tasks get their network interfaces in, e.g. subnet-0a1b2c3d; 1 to 16, "
            + "usually private subnets in several Availability Zones.")
    @Required
    @Size(min = 1, max = 16)
    public List<@Pattern("^subnet-[0-9a-f]+$") String> subnets;

    @JsonPropertyDescription(
        "Security group IDs of the tasks, at most 5. Unset: the VPC's default security group.")
    @Size(max = 5)
    public List<String> securityGroups;

    @JsonPropertyDescription(
        "Give each task a public IP (needed in public subnets without a NAT gateway to pull "
            + "images). Default false.")
    public Boolean assignPublicIp;
  }

  /** Registers the service's tasks in an ALB target group. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LoadBalancer {
    @JsonPropertyDescription(
        "ARN of the target group the tasks register in; a listener or rule must forward to it.")
    @Required
    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/.+$")
    public String targetGroupArn;

    @JsonPropertyDescription(
        "The container that receives the traffic; must be in the task definition.")
    @Required
    @Size(max = 255)
    public String containerName;

    @JsonPropertyDescription("The port of that container; must be one of its portMappings.")
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
    @JsonPropertyDescription("Fewest tasks the scaler keeps, at least 0 and not above maxCapacity.")
    @Required
    @Min(0)
    public Integer minCapacity;

    @JsonPropertyDescription("Most tasks the scaler starts, at least 1.")
    @Required
    @Min(1)
    public Integer maxCapacity;

    @JsonPropertyDescription(
        "Average CPU utilisation, in percent (1 to 100), the scaler keeps the service at. Default "
            + "60.")
    @Min(1)
    @Max(100)
    public Integer targetCpuUtilization = 60;

    @JsonPropertyDescription(
        "Seconds after a scale-in before the next one. Unset: the AWS default.")
    @Min(0)
    public Integer scaleInCooldownSeconds;

    @JsonPropertyDescription(
        "Seconds after a scale-out before the next one. Unset: the AWS default.")
    @Min(0)
    public Integer scaleOutCooldownSeconds;
  }
}
