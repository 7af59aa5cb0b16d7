package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.release.FargateSizes;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of one ECS service: its task definition, service settings and release policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.service) || !has(self.service.loadBalancers) ||"
            + " self.service.loadBalancers.all(lb, self.taskDefinition.containers.exists(c,"
            + " c.name == lb.containerName && has(c.portMappings) &&"
            + " c.portMappings.exists(p, p.containerPort == lb.containerPort)))",
    message =
        "each service.loadBalancers entry must name a container and a containerPort declared in"
            + " taskDefinition.containers[].portMappings")
@ValidationRule(
    value =
        "!has(self.preDeploy) || self.preDeploy.all(t,"
            + " self.taskDefinition.containers.exists(c, c.name == t.container))",
    message = "each preDeploy task must name a container of taskDefinition.containers")
@ValidationRule(
    value = "self.cluster == oldSelf.cluster",
    message = "cluster is immutable: create a new ServiceRelease to move a service")
@ValidationRule(
    value =
        "has(self.serviceName) == has(oldSelf.serviceName) && (!has(self.serviceName) ||"
            + " self.serviceName == oldSelf.serviceName)",
    message = "serviceName is immutable: create a new ServiceRelease to rename a service")
@ValidationRule(
    value = "self.aws.accountId == oldSelf.aws.accountId && self.aws.region == oldSelf.aws.region",
    message = "aws.accountId and aws.region are immutable")
@ValidationRule(
    value = FargateSizes.CEL_COMPATIBILITY_RULE,
    fieldPath = ".taskDefinition.requiresCompatibilities",
    message = FargateSizes.COMPATIBILITY_MESSAGE)
@ValidationRule(
    value = FargateSizes.CEL_PLATFORM_RULE,
    fieldPath = ".service.platformVersion",
    message = FargateSizes.PLATFORM_MESSAGE)
public class ServiceReleaseSpec {
  @Required public AwsSpec aws;

  /** Free label (production, staging…); shown in events and used by the wrong-target guard. */
  @Size(max = 63)
  public String environment;

  @Required
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String cluster;

  /** ECS service name; defaults to metadata.name. */
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String serviceName;

  @Required public TaskDefinitionSpec taskDefinition;

  public ServiceSpec service = new ServiceSpec();

  public StrategySpec strategy = new StrategySpec();

  /** One-off tasks (migrations) run with the new revision before the service is updated. */
  @Size(max = 10)
  public List<PreDeployTaskSpec> preDeploy = new ArrayList<>();

  /** Other ServiceReleases in this namespace that must be Ready before this one is released. */
  @Size(max = 20)
  public List<DependencyRef> dependsOn = new ArrayList<>();

  /** Retain leaves the ECS service in place when the resource is deleted; Delete removes it. */
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  /** Stops all writes to AWS while true. */
  public boolean suspend;

  /** What happens to the ECS service when the ServiceRelease is deleted. */
  public enum DeletionPolicy {
    Retain,
    Delete
  }

  /** A ServiceRelease this one waits for. */
  public static class DependencyRef {
    @Required public String name;
  }
}
