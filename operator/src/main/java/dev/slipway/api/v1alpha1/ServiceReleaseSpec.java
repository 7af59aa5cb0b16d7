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
    value =
        "!has(self.preflight) || self.preflight.all(p, !has(p.ecrImageExists) ||"
            + " !has(p.ecrImageExists.container) || self.taskDefinition.containers.exists(c,"
            + " c.name == p.ecrImageExists.container))",
    message =
        "each preflight ecrImageExists.container must name a container of"
            + " taskDefinition.containers")
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
  @JsonPropertyDescription("The AWS account, Region and role the ECS service lives in.")
  @Required
  public AwsSpec aws;

  /** Free label (production, staging…); shown in events and used by the wrong-target guard. */
  @JsonPropertyDescription(
      "Free-form label for the stage this service belongs to, e.g. production or staging (at most "
          + "63 characters). Informational: Slipway does not act on it; the account guard uses "
          + "aws.accountId. StagingEnvironments set staging or qa on the ServiceReleases they "
          + "create.")
  @Size(max = 63)
  public String environment;

  @JsonPropertyDescription(
      "Name of the ECS cluster the service runs in, e.g. core. Immutable: create a new "
          + "ServiceRelease to move a service.")
  @Required
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String cluster;

  /** ECS service name; defaults to metadata.name. */
  @JsonPropertyDescription("Name of the ECS service. Default: metadata.name. Immutable.")
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String serviceName;

  @JsonPropertyDescription(
      "The task definition to release. Slipway registers a new revision of its family only when no "
          + "revision in the release history (or the family's latest) has the same content, so "
          + "reverting a change reuses the earlier revision.")
  @Required
  public TaskDefinitionSpec taskDefinition;

  @JsonPropertyDescription(
      "Settings of the ECS service: task count, launch type or capacity providers, network, load "
          + "balancers, autoscaling.")
  public ServiceSpec service = new ServiceSpec();

  @JsonPropertyDescription("How a new revision is rolled out and when a rollout counts as failed.")
  public StrategySpec strategy = new StrategySpec();

  /** One-off tasks (migrations) run with the new revision before the service is updated. */
  @JsonPropertyDescription(
      "One-off tasks (typically database migrations) run with the new revision before the service "
          + "is updated, in order, once per spec change. If one fails or times out the release "
          + "stops (phase Failed) and the running service keeps its current revision. At most 10.")
  @Size(max = 10)
  public List<PreDeployTaskSpec> preDeploy = new ArrayList<>();

  /** Read-only checks that must pass before anything of a new spec is written to ECS. */
  @JsonPropertyDescription(
      "Read-only checks (an S3 object, an HTTP endpoint, ECR images) that must pass before "
          + "Slipway writes anything to ECS for a new spec: no task-definition revision, "
          + "pre-deploy task or service update. They run once per spec change; a check that "
          + "fails (phase Failed, reason PreflightFailed) or cannot tell (PreflightUnknown) is "
          + "checked again until it passes or the spec changes. At most 10, names unique.")
  @Size(max = 10)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.name == a.name))",
      message = "preflight check names must be unique")
  public List<PreflightCheckSpec> preflight = new ArrayList<>();

  @JsonPropertyDescription(
      "Set by a StagingEnvironment on its releases: the datastore refresh whose data they run on. "
          + "A new value runs the pre-deploy tasks (migrations) again on the new data, without a "
          + "new task-definition revision.")
  @Size(max = 64)
  public String refreshRun;

  /** Where deploy events are announced besides Kubernetes Events; see docs/notifications.md. */
  @JsonPropertyDescription(
      "Notifiers told about deploy events (Started, Succeeded, Failed, RolledBack, …): Mackerel"
          + " graph annotations, Slack incoming webhooks or a JSON webhook, at most 10, names"
          + " unique. Delivery is asynchronous and retried; a notifier that fails never fails or"
          + " delays the release, it sets the NotificationsDegraded condition instead."
          + " Credentials come from Secrets in this namespace.")
  @Size(max = 10)
  @ValidationRule(
      value = "self.all(n, self.exists_one(m, m.name == n.name))",
      message = "notifier names must be unique")
  public List<NotificationSpec> notifications;

  /** Other ServiceReleases in this namespace that must be Ready before this one is released. */
  @JsonPropertyDescription(
      "Other ServiceReleases in this namespace that must be Ready (for their current generation) "
          + "before a new release of this one starts, e.g. deploy the API before the web front "
          + "end. A release that already completed is not held back. At most 20.")
  @Size(max = 20)
  public List<DependencyRef> dependsOn = new ArrayList<>();

  /** Retain leaves the ECS service in place when the resource is deleted; Delete removes it. */
  @JsonPropertyDescription(
      "What deleting this ServiceRelease does to AWS. Retain (default) leaves the ECS service "
          + "running. Delete scales it to 0, waits for its tasks to stop, deletes it and "
          + "deregisters the task definition revisions recorded in status; a service not tagged as "
          + "created by this ServiceRelease is never deleted.")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  /** Stops all writes to AWS while true. */
  @JsonPropertyDescription(
      "When true Slipway makes no changes in AWS (phase Suspended), also not on deletion. Default "
          + "false.")
  public boolean suspend;

  /** What happens to the ECS service when the ServiceRelease is deleted. */
  public enum DeletionPolicy {
    Retain,
    Delete
  }

  /** A ServiceRelease this one waits for. */
  public static class DependencyRef {
    @JsonPropertyDescription("Name of a ServiceRelease in the same namespace.")
    @Required
    public String name;
  }
}
