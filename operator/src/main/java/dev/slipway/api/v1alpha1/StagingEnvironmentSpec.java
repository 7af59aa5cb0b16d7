package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
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
            + " && !has(self.branches))",
    message =
        "a branch environment takes aws, cluster, services and branches from its shared"
            + " environment; do not set them")
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
  public AwsSpec aws;

  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String cluster;

  /** One ServiceRelease per entry; a branch environment gets its own copy of each. */
  @Size(min = 1, max = 20)
  public List<ServiceTemplate> services;

  /** Policy for branch environments created from this one. */
  public BranchPolicy branches;

  // --- branch environment ---------------------------------------------------------------------
  /** The shared environment (same namespace) this branch environment is created from. */
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  public String from;

  /** The Git branch, e.g. qa/foo. Must match the shared environment's branches.match. */
  @Size(min = 1, max = 255)
  public String branch;

  /** Image tag applied to every container of every service template. */
  @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
  public String imageTag;

  /** Full images per container name, instead of (or overriding) imageTag. */
  @Size(max = 20)
  public Map<String, String> images;

  /** A service of a staging environment: a ServiceRelease template or a reference to one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.template) != has(self.releaseRef)",
      message = "set exactly one of template and releaseRef")
  public static class ServiceTemplate {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$")
    public String name;

    public ReleaseTemplate template;

    /** An existing ServiceRelease in this namespace whose spec is the template. */
    public ReleaseRef releaseRef;

    /** The container and port traffic is routed to in branch environments (if any). */
    public RoutedPort route;
  }

  /**
   * The parts of a ServiceRelease spec a template carries; aws and cluster come from the
   * environment.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ReleaseTemplate {
    @Required public TaskDefinitionSpec taskDefinition;
    public ServiceSpec service;
    public StrategySpec strategy;

    @Size(max = 10)
    public List<PreDeployTaskSpec> preDeploy;
  }

  /** Names a ServiceRelease. */
  public static class ReleaseRef {
    @Required public String name;
  }

  /** Where a routed service listens. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RoutedPort {
    @Required
    @Size(max = 255)
    public String containerName;

    @Required
    @Min(1)
    @Max(65535)
    public Integer containerPort;

    public String healthCheckPath = "/";
  }
}
