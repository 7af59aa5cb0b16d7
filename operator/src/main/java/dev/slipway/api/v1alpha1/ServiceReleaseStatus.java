package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a ServiceRelease, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceReleaseStatus {
  public Long observedGeneration;

  public String serviceName;

  @JsonPropertyDescription(
      "The image serving traffic (first essential container): that of the deployment ECS last"
          + " completed, or of the one it runs if none has. After a rollback it is the restored"
          + " image, not the failed one; empty until ECS runs the service.")
  public String image;

  @JsonPropertyDescription(
      "The image the spec asks for (first essential container). It differs from image while a"
          + " release rolls out, and after one was rolled back.")
  public String desiredImage;

  public Phase phase;

  /** "running/desired" of the ECS service, for kubectl's printer column. */
  public String replicas;

  public String message;

  public List<Condition> conditions = new ArrayList<>();

  /** Hash of what the spec asks AWS for (task definition content + service settings). */
  public String specHash;

  public String taskDefinitionArn;

  /** The last revision that completed a rollout; the target of Slipway's own rollbacks. */
  public String lastGoodTaskDefinitionArn;

  public String serviceArn;

  /** A spec hash whose rollout failed; it is not pushed again until the spec changes. */
  public String failedSpecHash;

  /** The value of the slipway.dev/retry annotation already acted upon. */
  public String retryAcknowledged;

  /** When the release of {@link #specHash} began (RFC 3339). */
  public String releaseStartedAt;

  /** When Slipway last changed the ECS service; the progress deadline counts from here. */
  public String rolloutStartedAt;

  @JsonPropertyDescription(
      "ECS's current (PRIMARY) deployment as last observed. After a rollback it is the"
          + " deployment that restored the previous revision; the failed attempt stays in history.")
  public DeploymentStatus deployment;

  public List<PreDeployRecord> preDeploy = new ArrayList<>();

  /** The most recent releases, newest first, bounded. */
  public List<ReleaseRecord> history = new ArrayList<>();

  /** Lifecycle phase shown by kubectl. */
  public enum Phase {
    Pending,
    Progressing,
    Ready,
    Degraded,
    Failed,
    RolledBack,
    Suspended,
    Sleeping,
    Deleting
  }

  /** An ECS deployment as observed: its revision, rollout state and task counts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DeploymentStatus {
    public String id;
    public String rolloutState;
    public String rolloutStateReason;
    public String taskDefinitionArn;
    public Integer desired;
    public Integer running;
    public Integer pending;
    public Integer failed;
  }

  /** The outcome of one pre-deploy task for one spec hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PreDeployRecord {
    public String name;
    public String specHash;
    public String taskArn;

    /** Running, Succeeded or Failed. */
    public String state;

    public Integer exitCode;
    public String message;
    public String startedAt;
  }

  /** One release in the bounded history. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ReleaseRecord {
    public String specHash;

    /** Hash of the task definition content, so an earlier revision can be reused. */
    public String contentHash;

    public String image;
    public String taskDefinitionArn;
    public Integer revision;

    @JsonPropertyDescription(
        "The ECS deployment this release started, so its fate is told apart from drift.")
    public String deploymentId;

    public String startedAt;
    public String finishedAt;

    /** InProgress, Succeeded, Failed, RolledBack or Superseded. */
    public String result;

    public String message;
  }
}
