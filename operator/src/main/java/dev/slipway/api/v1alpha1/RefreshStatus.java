package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the datastore refresh of a shared environment stands: the run in progress with every step
 * (so any replica can resume it after a crash), the last runs, and the data generation branch
 * environments follow.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RefreshStatus {
  @JsonPropertyDescription("The scheduled refresh time last started or skipped (RFC 3339).")
  public String lastSlot;

  @JsonPropertyDescription("The next scheduled refresh time (RFC 3339).")
  public String nextSlot;

  @JsonPropertyDescription(
      "Value of the slipway.dev/refresh-now annotation already acted on; a new value starts a "
          + "refresh.")
  public String requestAcknowledged;

  @JsonPropertyDescription(
      "Run id of the last refresh that succeeded: the releases of this environment and of its "
          + "branch environments run their pre-deploy tasks (migrations) again when it changes.")
  public String lastSucceededRun;

  @JsonPropertyDescription("The refresh in progress, step by step.")
  public Run current;

  @JsonPropertyDescription(
      "What refresh.deleteWhenAsleep did for the last night: its deletion, and the refresh that "
          + "brings the datastores back.")
  public Night night;

  @JsonPropertyDescription("Finished refreshes, newest first (refresh.historyLimit).")
  public List<Run> history = new ArrayList<>();

  /** One refresh run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Run {
    @JsonPropertyDescription(
        "Id of the run, derived from what started it: r-20261205-0600-1a2b for the scheduled "
            + "slot 2026-12-05 06:00 UTC, r-demand-1a2b3c4d for a refresh-now value.")
    public String runId;

    @JsonPropertyDescription(
        "Schedule, OnDemand, Wake (the refresh a wake starts to re-create what was deleted at "
            + "night) or Sleep (deleteWhenAsleep's deletion: delete steps only).")
    public String trigger;

    @JsonPropertyDescription("Running, Succeeded or Failed.")
    public String result;

    @JsonPropertyDescription("What the run is doing or why it ended, for a person.")
    public String message;

    @JsonPropertyDescription("When it started (RFC 3339).")
    public String startedAt;

    @JsonPropertyDescription("When it ended (RFC 3339).")
    public String finishedAt;

    @JsonPropertyDescription("How long it took, in seconds.")
    public Long durationSeconds;

    @JsonPropertyDescription("Every step of every datastore, in order.")
    public List<Step> steps = new ArrayList<>();

    @JsonPropertyDescription("Outcome of each upgrade rehearsal.")
    public List<Rehearsal> rehearsals = new ArrayList<>();

    @JsonPropertyDescription(
        "What each ElastiCache datastore is seeded from: the production backup and its export.")
    public List<Export> exports = new ArrayList<>();
  }

  /**
   * The night deletion of refresh.deleteWhenAsleep: which night it was for (once per night, named
   * by the wake that ends it), whether the datastores are gone, and the refresh that brings them
   * back.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Night {
    @JsonPropertyDescription(
        "The night the last deletion was for, named by the scheduled wake that ends it (RFC 3339)"
            + " or indefinite.")
    public String until;

    @JsonPropertyDescription("Run id of that night's deletion.")
    public String deletionRun;

    @JsonPropertyDescription(
        "True from a deletion that reached the datastores until a refresh succeeds: the "
            + "environment and its branch environments refresh before they wake.")
    public Boolean datastoresDeleted;

    @JsonPropertyDescription(
        "Run id of the refresh started by a wake to re-create the deleted datastores (one per "
            + "night; if it fails, refresh-now retries).")
    public String wakeRun;

    @JsonPropertyDescription("Why tonight's deletion waits, e.g. a branch environment is awake.")
    public String heldBack;
  }

  /** One idempotent step of a run. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Step {
    @JsonPropertyDescription(
        "Datastore (refresh.aurora[].name, refresh.elasticache[].name, refresh.opensearch[].name)"
            + " or post for post-steps.")
    public String datastore;

    @JsonPropertyDescription("The step, e.g. deleteInstances, restore, awaitAvailable.")
    public String step;

    @JsonPropertyDescription("Pending, Running, Done, Skipped or Failed.")
    public String state;

    @JsonPropertyDescription("Attempts made after a failure.")
    public Integer attempt;

    @JsonPropertyDescription("When the step is looked at again (RFC 3339).")
    public String nextAttemptAt;

    @JsonPropertyDescription(
        "Error code of the failure the step is retrying after, e.g. DBClusterAlreadyExistsFault.")
    public String errorCode;

    @JsonPropertyDescription("Message of the failure the step is retrying after.")
    public String errorMessage;

    @JsonPropertyDescription("wait-and-retry, fix-and-retry or fatal: what that failure needs.")
    public String errorKind;

    @JsonPropertyDescription("What the step found or did last, for a person.")
    public String detail;

    @JsonPropertyDescription(
        "What the step chose for the steps after it, e.g. the snapshot an OpenSearch restore "
            + "uses, kept so a resumed run restores what it checked.")
    public String picked;

    @JsonPropertyDescription("When the step started (RFC 3339).")
    public String startedAt;

    @JsonPropertyDescription("When the step ended (RFC 3339).")
    public String finishedAt;
  }

  /** How an upgrade rehearsal went. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rehearsal {
    @JsonPropertyDescription("The datastore.")
    public String datastore;

    @JsonPropertyDescription("Engine version before the upgrade.")
    public String fromVersion;

    @JsonPropertyDescription("Engine version asked for.")
    public String toVersion;

    @JsonPropertyDescription("Succeeded, or Failed with the reason in message.")
    public String result;

    @JsonPropertyDescription("Seconds the upgrade took.")
    public Long durationSeconds;

    @JsonPropertyDescription("Why it failed (e.g. the precheck), for a person.")
    public String message;
  }

  /**
   * The production backup an ElastiCache datastore is re-created from, chosen once per run (so a
   * resumed run keeps exporting and restoring the same one), and the objects its export wrote.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Export {
    @JsonPropertyDescription("The datastore (refresh.elasticache[].name).")
    public String datastore;

    @JsonPropertyDescription("Name of production's automated backup, e.g. automatic.prod-...")
    public String backup;

    @JsonPropertyDescription("When production took the backup (RFC 3339): the data's age.")
    public String backupTime;

    @JsonPropertyDescription("Engine of the backup: redis or valkey.")
    public String engine;

    @JsonPropertyDescription("Engine version of the backup.")
    public String engineVersion;

    @JsonPropertyDescription("Shards of the backup: one .rdb object each.")
    public Integer shards;

    @JsonPropertyDescription("The export bucket.")
    public String bucket;

    @JsonPropertyDescription(
        "TargetSnapshotName of the export, derived from the run id; the objects are NAME-0001.rdb...")
    public String name;

    @JsonPropertyDescription("S3 ARNs of the exported objects staging was seeded from.")
    public List<String> objects;
  }
}
