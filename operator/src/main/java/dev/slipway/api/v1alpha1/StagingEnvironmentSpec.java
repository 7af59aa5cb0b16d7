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
import java.util.Map;

/**
 * Two shapes in one kind, told apart by {@code from}: a shared environment carries aws, cluster,
 * services and the branch policy; a branch environment carries from, branch and the image.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.from) ? (has(self.branch) && (has(self.imageTag) || has(self.images)))"
            + " : (has(self.aws) && has(self.cluster) && has(self.services))",
    message =
        "a branch environment needs from, branch and imageTag (or images); a shared"
            + " environment needs aws, cluster and services")
@ValidationRule(
    value =
        "!has(self.from) || (!has(self.aws) && !has(self.cluster) && !has(self.services)"
            + " && !has(self.branches) && !has(self.refresh))",
    message =
        "a branch environment takes aws, cluster, services, branches and refresh from its"
            + " shared environment; do not set them")
@ValidationRule(
    value = "has(self.from) || (!has(self.branch) && !has(self.imageTag) && !has(self.images))",
    message = "branch, imageTag and images belong to branch environments (set from)")
@ValidationRule(
    value =
        "has(self.from) == has(oldSelf.from) && (!has(self.from) || self.from == oldSelf.from)"
            + " && (!has(self.branch) || self.branch == oldSelf.branch)",
    message = "from and branch are immutable: create a new environment instead")
public class StagingEnvironmentSpec {
  // --- shared environment ---------------------------------------------------------------------
  @JsonPropertyDescription(
      "Shared environments only: the AWS account, Region and role of the environment and of all "
          + "its branch environments.")
  public AwsSpec aws;

  @JsonPropertyDescription(
      "Shared environments only: the ECS cluster every service of the environment and of its "
          + "branch environments runs in.")
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String cluster;

  /** One ServiceRelease per entry; a branch environment gets its own copy of each. */
  @JsonPropertyDescription(
      "Shared environments only: the services, 1 to 20. For each template Slipway creates and owns "
          + "a ServiceRelease named <environment>-<service>; each branch environment gets its own "
          + "copy of every service.")
  @Size(min = 1, max = 20)
  public List<ServiceTemplate> services;

  /** Policy for branch environments created from this one. */
  @JsonPropertyDescription(
      "Shared environments only: whether and how branch environments are made from this one. "
          + "Unset: it takes no branch environments.")
  public BranchPolicy branches;

  @JsonPropertyDescription(
      "When the environment is awake. Outside its windows every ECS service is scaled to zero "
          + "with its autoscaling suspended, and restored on waking; the spec is never written. "
          + "Branch environments inherit their shared environment's schedule unless they set "
          + "their own (alwaysAwake: true to opt out). Unset: always awake. The annotation "
          + "slipway.dev/wake-until: <RFC 3339 time> keeps it awake until then.")
  public ScheduleSpec schedule;

  @JsonPropertyDescription(
      "Shared environments only: re-create staging's datastores from production every morning "
          + "(refresh.at) and on demand (annotation slipway.dev/refresh-now: <any new value>). "
          + "While a refresh runs the environment and its branch environments sleep; they wake "
          + "after it, with their pre-deploy tasks (migrations) run again.")
  public RefreshSpec refresh;

  // --- branch environment ---------------------------------------------------------------------
  /** The shared environment (same namespace) this branch environment is created from. */
  @JsonPropertyDescription(
      "Branch environments only: name of the shared environment, in the same namespace, this one "
          + "is made from. Immutable.")
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  public String from;

  /** The Git branch, e.g. qa/foo. Must match the shared environment's branches.match. */
  @JsonPropertyDescription(
      "Branch environments only: the Git branch, e.g. qa/foo. It must match the shared "
          + "environment's branches.match; every name the environment uses (services, target "
          + "groups, schema, Redis namespace) is derived from it. Immutable.")
  @Size(min = 1, max = 255)
  public String branch;

  /** Image tag applied to every container of every service template. */
  @JsonPropertyDescription(
      "Branch environments only: tag put on the image of every container of every service, keeping "
          + "the repository, e.g. qa-foo-3f2a9c1. Changing it releases the new image and restarts "
          + "the TTL.")
  @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
  public String imageTag;

  /** Full images per container name, instead of (or overriding) imageTag. */
  @JsonPropertyDescription(
      "Branch environments only: full image per container name, e.g. app: "
          + "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:qa-foo; wins over imageTag "
          + "for that container. At most 20.")
  @Size(max = 20)
  public Map<String, String> images;

  /** A service of a staging environment: a ServiceRelease template or a reference to one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.template) != has(self.releaseRef)",
      message = "set exactly one of template and releaseRef")
  public static class ServiceTemplate {
    @JsonPropertyDescription(
        "Service name within the environment, e.g. web; lower-case letters, digits and '-', at "
            + "most 30. Part of the derived ECS service and ServiceRelease names.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$")
    public String name;

    @JsonPropertyDescription(
        "The ServiceRelease spec of this service without aws and cluster, which come from the "
            + "environment. Set exactly one of template and releaseRef.")
    public ReleaseTemplate template;

    /** An existing ServiceRelease in this namespace whose spec is the template. */
    @JsonPropertyDescription(
        "An existing ServiceRelease in this namespace whose spec serves as the template: the "
            + "shared environment only reports it, branch environments copy its spec. Set exactly "
            + "one of template and releaseRef.")
    public ReleaseRef releaseRef;

    /** The container and port traffic is routed to in branch environments (if any). */
    @JsonPropertyDescription(
        "The container and port that branch environments route traffic to. Unset: the service gets "
            + "no target group and no URL (e.g. a worker).")
    public RoutedPort route;
  }

  /**
   * The parts of a ServiceRelease spec a template carries; aws and cluster come from the
   * environment.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ReleaseTemplate {
    @JsonPropertyDescription(
        "The task definition, as in a ServiceRelease. The shared environment's own release "
            + "defaults its family to the ECS service name; branch environments always use their "
            + "ECS service name as family.")
    @Required
    public TaskDefinitionSpec taskDefinition;

    @JsonPropertyDescription(
        "ECS service settings, as in a ServiceRelease. In branch environments desiredCount comes "
            + "from branches.desiredCount, and loadBalancers and autoscaling are dropped.")
    public ServiceSpec service;

    @JsonPropertyDescription("Rollout strategy, as in a ServiceRelease.")
    public StrategySpec strategy;

    @JsonPropertyDescription(
        "One-off tasks before each release, as in a ServiceRelease. In branch environments "
            + "branches.migrate replaces them when it is set.")
    @Size(max = 10)
    public List<PreDeployTaskSpec> preDeploy;
  }

  /** Names a ServiceRelease. */
  public static class ReleaseRef {
    @JsonPropertyDescription("Name of a ServiceRelease in the same namespace.")
    @Required
    public String name;
  }

  /** Where a routed service listens. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RoutedPort {
    @JsonPropertyDescription("The container that receives the traffic.")
    @Required
    @Size(max = 255)
    public String containerName;

    @JsonPropertyDescription("Its port, 1 to 65535; the branch's target group forwards to it.")
    @Required
    @Min(1)
    @Max(65535)
    public Integer containerPort;

    @JsonPropertyDescription("HTTP path the target group's health check requests. Default /.")
    public String healthCheckPath = "/";
  }
}
