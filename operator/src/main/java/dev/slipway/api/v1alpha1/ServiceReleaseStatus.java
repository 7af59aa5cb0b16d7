package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a ServiceRelease, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceReleaseStatus implements ReconciledStatus {
  @JsonPropertyDescription(
      "The metadata.generation this status describes; lower than the resource's generation means "
          + "the latest spec change has not been acted on yet.")
  public Long observedGeneration;

  @JsonPropertyDescription("Name of the ECS service (spec.serviceName or metadata.name).")
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

  @JsonPropertyDescription(
      "Where the release stands. Pending: waiting for a dependsOn ServiceRelease. Progressing: "
          + "registering, running pre-deploy tasks or rolling out. Ready: the rollout of the "
          + "current spec completed. Failed: invalid spec, wrong account, a preflight check that "
          + "failed or could not tell, a failed pre-deploy task or a rollout with no revision to roll back to. RolledBack: the new revision failed "
          + "and the previous one was restored. Suspended: spec.suspend is true. Sleeping: scaled to zero "
          + "by the annotation slipway.dev/sleep (a staging schedule); waking shows as Progressing "
          + "with reason Waking. AwaitingPromotion: an ECS-native deployment (or a Weighted pause "
          + "step) waits for slipway.dev/promote; test traffic reaches the new revision. Baking: "
          + "production traffic moved, both revisions up until the bake time passes. Aborted: "
          + "slipway.dev/abort put traffic back on the previous revision. Deleting: being torn "
          + "down (see the reason). Degraded is reserved.")
  public Phase phase;

  /** "running/desired" of the ECS service, for kubectl's printer column. */
  @JsonPropertyDescription(
      "Running and desired tasks of the ECS service as last observed, e.g. 3/4 (kubectl's RUNNING "
          + "column).")
  public String replicas;

  @JsonPropertyDescription(
      "What is happening or went wrong, for a person, e.g. rolling out web:7: 2/4 running, 2 "
          + "pending.")
  public String message;

  @JsonPropertyDescription(
      "Standard conditions Ready, Progressing and Degraded, with a reason and message each;"
          + " NotificationsDegraded when spec.notifications is set (True: a notifier's last"
          + " delivery failed; the release itself is not affected).")
  public List<Condition> conditions = new ArrayList<>();

  /** Hash of what the spec asks AWS for (task definition content + service settings). */
  @JsonPropertyDescription(
      "Hash of what the spec asks of AWS (task definition content, service settings, pre-deploy "
          + "steps); a new value starts a new release.")
  public String specHash;

  @JsonPropertyDescription(
      "The task definition revision of the current spec, e.g. "
          + "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/bookmark-main:7.")
  public String taskDefinitionArn;

  /** The last revision that completed a rollout; the target of Slipway's own rollbacks. */
  @JsonPropertyDescription(
      "The last revision whose rollout completed; what Slipway rolls back to when a rollout passes "
          + "its progress deadline.")
  public String lastGoodTaskDefinitionArn;

  @JsonPropertyDescription("Reserved for the ECS service's ARN; not filled in by this version.")
  public String serviceArn;

  /** A spec hash whose rollout failed; it is not pushed again until the spec changes. */
  @JsonPropertyDescription(
      "The spec hash whose release failed. Slipway does not push it again until the spec changes "
          + "or the slipway.dev/retry annotation gets a new value.")
  public String failedSpecHash;

  /** The value of the slipway.dev/retry annotation already acted upon. */
  @JsonPropertyDescription(
      "The value of the slipway.dev/retry annotation Slipway last acted on; set the annotation to "
          + "a new value to retry a failed release.")
  public String retryAcknowledged;

  /** When the release of {@link #specHash} began (RFC 3339). */
  @JsonPropertyDescription("When the release of the current spec hash began (RFC 3339).")
  public String releaseStartedAt;

  /** When Slipway last changed the ECS service; the progress deadline counts from here. */
  @JsonPropertyDescription(
      "When Slipway last changed the ECS service (RFC 3339); the progress deadline counts from "
          + "here.")
  public String rolloutStartedAt;

  @JsonPropertyDescription(
      "ECS's current (PRIMARY) deployment as last observed. After a rollback it is the"
          + " deployment that restored the previous revision; the failed attempt stays in history.")
  public DeploymentStatus deployment;

  @JsonPropertyDescription(
      "The traffic pieces and the deployment of a BlueGreen, Canary, Linear or Weighted release: "
          + "what Slipway created on the load balancer and where the current deployment stands.")
  public ProgressiveStatus progressive;

  @JsonPropertyDescription(
      "Set while the service sleeps (annotation slipway.dev/sleep, which a StagingEnvironment's "
          + "schedule sets on its releases) and until it is awake again: the counts to restore.")
  public SleepRecord sleep;

  @JsonPropertyDescription(
      "Last result of each preflight check for the current spec hash; a check that has not run "
          + "yet is absent.")
  public List<PreflightCheckStatus> preflight = new ArrayList<>();

  @JsonPropertyDescription("Outcome of each pre-deploy step for the current spec hash.")
  public List<PreDeployRecord> preDeploy = new ArrayList<>();

  /** The most recent releases, newest first, bounded. */
  @JsonPropertyDescription("The most recent releases, newest first, at most 10.")
  public List<ReleaseRecord> history = new ArrayList<>();

  /** Deploy events announced, newest first, bounded; what makes each one announced once. */
  @JsonPropertyDescription(
      "Deploy events announced (Kubernetes Event and notifiers), newest first, at most 12, with"
          + " each notifier's delivery state. An event is announced once per release attempt.")
  public List<NotificationRecord> notifications = new ArrayList<>();

  @Override
  public List<Condition> conditions() {
    return conditions;
  }

  @Override
  public String phaseName() {
    return phase == null ? null : phase.name();
  }

  @Override
  public void message(String message) {
    this.message = message;
  }

  @Override
  public void startPhaseIfUnset() {
    if (phase == null) phase = Phase.Pending;
  }

  @Override
  public void deleting() {
    phase = Phase.Deleting;
  }

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
    AwaitingPromotion,
    Baking,
    Aborted,
    Deleting
  }

  /** An ECS deployment as observed: its revision, rollout state and task counts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DeploymentStatus {
    @JsonPropertyDescription("ECS deployment ID, e.g. ecs-svc/1234567890123456789.")
    public String id;

    @JsonPropertyDescription("ECS rollout state: IN_PROGRESS, COMPLETED or FAILED.")
    public String rolloutState;

    @JsonPropertyDescription("Why ECS set the rollout state, e.g. the circuit breaker's message.")
    public String rolloutStateReason;

    @JsonPropertyDescription("The revision this deployment runs.")
    public String taskDefinitionArn;

    @JsonPropertyDescription("Tasks the deployment should run.")
    public Integer desired;

    @JsonPropertyDescription("Tasks of the deployment in the RUNNING state.")
    public Integer running;

    @JsonPropertyDescription("Tasks of the deployment still starting (PENDING).")
    public Integer pending;

    @JsonPropertyDescription(
        "Tasks of the deployment that failed to start or to become healthy; ECS's circuit breaker "
            + "counts them.")
    public Integer failed;
  }

  /** The outcome of one pre-deploy task for one spec hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PreDeployRecord {
    @JsonPropertyDescription("The preDeploy step's name.")
    public String name;

    @JsonPropertyDescription("The spec hash the step ran for; it runs once per spec hash.")
    public String specHash;

    @JsonPropertyDescription("ARN of the one-off ECS task that ran the step.")
    public String taskArn;

    /** Running, Succeeded or Failed. */
    @JsonPropertyDescription("Running, Succeeded or Failed.")
    public String state;

    @JsonPropertyDescription("Exit code of the first essential container that failed, or 0.")
    public Integer exitCode;

    @JsonPropertyDescription("What happened, e.g. task 0a1b2c3d exited 0.")
    public String message;

    @JsonPropertyDescription(
        "When the task was started (RFC 3339); the step's timeout counts from here.")
    public String startedAt;
  }

  /**
   * The load balancer pieces Slipway owns for a progressive release and the state of its current
   * deployment, as last observed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ProgressiveStatus {
    @JsonPropertyDescription("The strategy type these pieces serve.")
    public String strategy;

    @JsonPropertyDescription(
        "The spec hash these pieces were last checked for; they are checked again when it changes.")
    public String specHash;

    @JsonPropertyDescription("ARN of the second target group Slipway created (tagged as its own).")
    public String alternateTargetGroupArn;

    @JsonPropertyDescription("ARN of Slipway's production listener rule.")
    public String productionRuleArn;

    @JsonPropertyDescription("ARN of Slipway's test (preview) listener rule, if there is one.")
    public String testRuleArn;

    @JsonPropertyDescription(
        "ARN of the ECS service deployment of the current release (ECS-native strategies).")
    public String serviceDeploymentArn;

    @JsonPropertyDescription(
        "Where that deployment stands: InProgress, AwaitingPromotion, Baking, Succeeded, "
            + "RollingBack, RolledBack, Stopped or RollbackFailed. Weighted: Starting, Stepping, "
            + "Promoting, Returning, Finishing, Succeeded, Aborting, Aborted, RollingBack or "
            + "RolledBack.")
    public String state;

    @JsonPropertyDescription("ECS's lifecycle stage of the deployment, e.g. BAKE_TIME.")
    public String stage;

    @JsonPropertyDescription("When the deployment started waiting for promotion (RFC 3339).")
    public String awaitingSince;

    @JsonPropertyDescription(
        "Since when every target of the new revision has been healthy and every named alarm OK "
            + "while awaiting promotion (RFC 3339); an automatic promotion counts from here.")
    public String healthySince;

    @JsonPropertyDescription(
        "What an automatic promotion still waits for, e.g. 1/2 targets of the new revision healthy.")
    public String waitingFor;

    @JsonPropertyDescription("The service deployment an abort asked ECS to roll back.")
    public String abortedDeploymentArn;

    @JsonPropertyDescription(
        "The slipway.dev/promote annotation value last acted on, so one annotation promotes once.")
    public String promoteAcknowledged;

    @JsonPropertyDescription(
        "The slipway.dev/abort annotation value last acted on, so one annotation aborts once.")
    public String abortAcknowledged;

    @JsonPropertyDescription("Weighted: index of the current step (0-based).")
    public Integer step;

    @JsonPropertyDescription("Weighted: percent of production traffic on the new revision.")
    public Integer canaryWeight;

    @JsonPropertyDescription("Weighted: when the current step began (RFC 3339).")
    public String stepStartedAt;

    @JsonPropertyDescription(
        "Weighted: the spec hash whose steps these are; a new spec hash starts over at step 0.")
    public String rolloutSpecHash;

    @JsonPropertyDescription(
        "Weighted: the revision the stable service ran when the steps began; it keeps it until "
            + "every step is done, and an abort leaves all traffic on it.")
    public String stableTaskDefinitionArn;

    @JsonPropertyDescription(
        "Weighted: the revision the canary service runs (the new one the steps move traffic to).")
    public String canaryTaskDefinitionArn;

    @JsonPropertyDescription(
        "Weighted: the canary service Slipway created beside the stable one (<service>-canary).")
    public String canaryServiceName;

    @JsonPropertyDescription(
        "Weighted: ARNs of the header-route listener rules Slipway holds (setHeaderRoute steps).")
    public List<String> headerRuleArns;

    @JsonPropertyDescription(
        "Weighted: why the canary was rolled back by Slipway (CircuitBreaker or "
            + "ProgressDeadlineExceeded), while and after it does so.")
    public String rollbackReason;
  }

  /** One release in the bounded history. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ReleaseRecord {
    @JsonPropertyDescription("The spec hash of this release.")
    public String specHash;

    /** Hash of the task definition content, so an earlier revision can be reused. */
    @JsonPropertyDescription(
        "Hash of the task definition content, so an identical revision is reused instead of "
            + "registered again.")
    public String contentHash;

    @JsonPropertyDescription("Image of the first essential container in this release.")
    public String image;

    @JsonPropertyDescription("The revision this release registered or reused.")
    public String taskDefinitionArn;

    @JsonPropertyDescription("Revision number of that task definition.")
    public Integer revision;

    @JsonPropertyDescription(
        "The ECS deployment this release started, so its fate is told apart from drift.")
    public String deploymentId;

    @JsonPropertyDescription("When the release began (RFC 3339).")
    public String startedAt;

    @JsonPropertyDescription("When it ended (RFC 3339); empty while in progress.")
    public String finishedAt;

    @JsonPropertyDescription(
        "The ECS service deployment this release started (ECS-native strategies).")
    public String serviceDeploymentArn;

    /** InProgress, Succeeded, Failed, RolledBack, Aborted or Superseded. */
    @JsonPropertyDescription(
        "InProgress, Succeeded, Failed, RolledBack, Aborted (slipway.dev/abort) or Superseded (a "
            + "newer spec replaced it before it finished).")
    public String result;

    @JsonPropertyDescription("How it ended, for a person.")
    public String message;
  }
}
