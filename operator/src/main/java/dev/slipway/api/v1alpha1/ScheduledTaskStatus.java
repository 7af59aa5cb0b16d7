package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Observed state of a scheduled batch, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduledTaskStatus implements ReconciledStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Pending: not yet scheduled (waiting for its release, see the message). Scheduled: runs"
          + " start on the schedule. Suspended: spec.suspend is true. Sleeping: its staging"
          + " environment sleeps, no run starts. Invalid: the spec cannot be run, see the message;"
          + " nothing was written to AWS for it. Failed: AWS refused the schedule, see the"
          + " message. Deleting: the schedule is being removed.")
  public Phase phase;

  @JsonPropertyDescription("What is happening or went wrong, for a person.")
  public String message;

  @JsonPropertyDescription(
      "Standard conditions Ready, Progressing and Degraded, with a reason and message each; they"
          + " mean the same as on ServiceReleases.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The engine that starts the runs now.")
  public String engine;

  @JsonPropertyDescription(
      "Engine EventBridgeScheduler: ARN of the schedule Slipway keeps for this resource.")
  public String scheduleArn;

  @JsonPropertyDescription(
      "The task definition revision the next run uses (the release's current one with"
          + " releaseRef).")
  public String taskDefinitionArn;

  @JsonPropertyDescription("When the next run is due (RFC 3339, UTC); unset while suspended.")
  public String nextRunTime;

  @JsonPropertyDescription("The slot of the latest run (RFC 3339, UTC).")
  public String lastRunTime;

  @JsonPropertyDescription("Result of the latest finished run: Succeeded, Failed or TimedOut.")
  public String lastResult;

  @JsonPropertyDescription("When the latest successful run finished (RFC 3339, UTC).")
  public String lastSuccessTime;

  @JsonPropertyDescription("Runs that exited 0 in every essential container, since creation.")
  public long succeeded;

  @JsonPropertyDescription("Runs that failed, timed out or could not start, since creation.")
  public long failed;

  @JsonPropertyDescription(
      "Slots that started no run: skipped by concurrencyPolicy Forbid, missed beyond the"
          + " starting deadline, or due while asleep; since creation.")
  public long skipped;

  @JsonPropertyDescription(
      "The latest runs, newest first: the ones still going and at most historyLimit finished"
          + " ones.")
  public List<RunRecord> runs = new ArrayList<>();

  @JsonPropertyDescription(
      "Engine Operator: the latest slot Slipway has decided on (started, skipped or missed), or"
          + " when it first saw the batch; slots count from here, so a restart never decides a slot"
          + " twice.")
  public String lastDecidedSlot;

  @JsonPropertyDescription(
      "The last slipway.dev/run-now value acted on; a value equal to it starts nothing.")
  public String runNowAcknowledged;

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

  /** Lifecycle of a scheduled batch. */
  public enum Phase {
    Pending,
    Scheduled,
    Suspended,
    Sleeping,
    Invalid,
    Failed,
    Deleting
  }

  /** One run: a slot (or a run-now) and the task that ran for it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RunRecord {
    @JsonPropertyDescription("The schedule slot the run is for (RFC 3339, UTC).")
    public String slot;

    @JsonPropertyDescription("Schedule, or RunNow for a run started by slipway.dev/run-now.")
    public String trigger;

    @JsonPropertyDescription("ARN of the ECS task; unset when none started.")
    public String taskArn;

    @JsonPropertyDescription(
        "Running, Succeeded, Failed, TimedOut (stopped after timeoutSeconds), Replaced (stopped by"
            + " concurrencyPolicy Replace), Skipped (Forbid), Missed (beyond the starting"
            + " deadline) or NotStarted (RunTask refused, see stopReason).")
    public String result;

    @JsonPropertyDescription("When the task was created (RFC 3339, UTC).")
    public String startedAt;

    @JsonPropertyDescription("When the task stopped (RFC 3339, UTC).")
    public String stoppedAt;

    @JsonPropertyDescription("Seconds from start to stop.")
    public Long durationSeconds;

    @JsonPropertyDescription("Exit code per essential container; missing when it had none.")
    public Map<String, Integer> exitCodes = new LinkedHashMap<>();

    @JsonPropertyDescription("Why the task stopped or did not start, as ECS says.")
    public String stopReason;
  }
}
