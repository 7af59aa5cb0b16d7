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

/** Desired state of one scheduled batch: when, which task, where it runs, and which engine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.releaseRef) != has(self.taskDefinition)",
    message = "set exactly one of releaseRef and taskDefinition")
@ValidationRule(
    value = "has(self.releaseRef) || (has(self.aws) && has(self.cluster))",
    message = "aws and cluster are required with taskDefinition (a releaseRef brings its own)")
@ValidationRule(
    value = "!has(self.capacityProviderStrategy) || !has(self.launchType)",
    message = "set either launchType or capacityProviderStrategy, not both")
@ValidationRule(
    value =
        "(has(self.engine) && self.engine == 'Operator') || (has(self.eventBridge) &&"
            + " has(self.eventBridge.roleArn))",
    message =
        "engine EventBridgeScheduler needs eventBridge.roleArn: the role the scheduler assumes to"
            + " call ecs:RunTask")
@ValidationRule(
    value =
        "(has(self.engine) && self.engine == 'Operator') || (!has(self.concurrencyPolicy) &&"
            + " !has(self.startingDeadlineSeconds))",
    message =
        "concurrencyPolicy and startingDeadlineSeconds apply to engine Operator only;"
            + " EventBridge Scheduler starts every slot's task whatever runs")
public class ScheduledTaskSpec {
  @JsonPropertyDescription(
      "When to run, in EventBridge Scheduler's syntax: cron(minutes hours day-of-month month"
          + " day-of-week year), e.g. cron(0 3 * * ? *) every day at 03:00, or rate(value unit),"
          + " e.g. rate(15 minutes). One of day-of-month and day-of-week must be ?.")
  @Required
  @Size(min = 1, max = 256)
  public String schedule;

  @JsonPropertyDescription(
      "IANA time zone the cron expression is read in, e.g. Asia/Tokyo or Europe/Berlin; daylight"
          + " saving follows EventBridge Scheduler's rules (a skipped local time does not run, a"
          + " repeated one runs once). Default UTC.")
  @Size(max = 64)
  public String timeZone = "UTC";

  @JsonPropertyDescription(
      "Who starts the runs. EventBridgeScheduler (default): an EventBridge Scheduler schedule"
          + " targeting ecs:RunTask; runs while the operator is down; AWS invokes at least once, so"
          + " a slot can start two tasks. Operator: Slipway starts exactly one task per slot, with"
          + " concurrencyPolicy and startingDeadlineSeconds; no run starts while the operator is"
          + " down (missed slots are caught up within the deadline).")
  public Engine engine = Engine.EventBridgeScheduler;

  @JsonPropertyDescription(
      "A ServiceRelease in this namespace whose current task definition the batch runs, with"
          + " overrides; aws, cluster, network and capacity come from it unless set here. A new"
          + " release of it is used from the next run.")
  public ReleaseRef releaseRef;

  @JsonPropertyDescription(
      "The batch's own task definition, as on a ServiceRelease; needs aws and cluster. Not with"
          + " releaseRef.")
  public TaskDefinitionSpec taskDefinition;

  @JsonPropertyDescription(
      "AWS account, Region and role. Required with taskDefinition; with releaseRef it must be"
          + " unset or equal to the release's.")
  public AwsSpec aws;

  @JsonPropertyDescription(
      "ECS cluster the tasks run in. Required with taskDefinition; with releaseRef the release's.")
  @Pattern("^[A-Za-z0-9_-]{1,255}$")
  public String cluster;

  @JsonPropertyDescription(
      "Changes to the task for this batch: per container command, environment, cpu and memory;"
          + " task cpu and memory.")
  public TaskOverrides overrides;

  @JsonPropertyDescription(
      "FARGATE, EC2 or EXTERNAL. Unset: the release's, else FARGATE unless"
          + " capacityProviderStrategy is set.")
  @Pattern("^(FARGATE|EC2|EXTERNAL)$")
  public String launchType;

  @JsonPropertyDescription(
      "Capacity providers for the runs, e.g. [{capacityProvider: FARGATE_SPOT, weight: 1}] for"
          + " interruptible batches. Unset: the release's. At most 6.")
  @Size(max = 6)
  public List<ServiceSpec.CapacityProviderItem> capacityProviderStrategy;

  @JsonPropertyDescription("Fargate platform version, e.g. 1.4.0. Unset: the release's, or LATEST.")
  @Size(max = 16)
  public String platformVersion;

  @JsonPropertyDescription("Subnets and security groups of the tasks. Unset: the release's.")
  public ServiceSpec.NetworkConfiguration networkConfiguration;

  @JsonPropertyDescription(
      "When true no new run starts (the EventBridge schedule is DISABLED); a running task is left"
          + " to finish. Slots passed while suspended are not caught up. Default false.")
  public boolean suspend;

  @JsonPropertyDescription(
      "A run still going after this many seconds is stopped (StopTask) and counts as failed"
          + " (TimedOut). Unset: no limit.")
  @Min(1)
  @Max(604800)
  public Integer timeoutSeconds;

  @JsonPropertyDescription("How many finished runs status keeps, newest first. Default 10.")
  @Min(1)
  @Max(50)
  public Integer historyLimit = 10;

  @JsonPropertyDescription(
      "Engine Operator only. What a slot does while an earlier run is still going: Forbid"
          + " (default) skips the slot, Replace stops the running task and starts the new one,"
          + " Allow starts it alongside. Forbid is the default, unlike a CronJob's Allow, because"
          + " batches are often not safe to overlap.")
  public ConcurrencyPolicy concurrencyPolicy;

  @JsonPropertyDescription(
      "Engine Operator only. A slot missed (the operator was down) still starts if no more than"
          + " this many seconds late; later ones are recorded as Missed. Only the latest missed"
          + " slot is caught up. Unset: 300.")
  @Min(0)
  @Max(86400)
  public Integer startingDeadlineSeconds;

  @JsonPropertyDescription("Engine EventBridgeScheduler only: how the schedule invokes RunTask.")
  public EventBridgeSettings eventBridge;

  @JsonPropertyDescription(
      "An alert fires (metric slipway_scheduled_task_success_age_seconds above it) when no run"
          + " succeeded for longer than this. Unset: twice the longest gap between two slots plus"
          + " the timeout.")
  @Min(60)
  public Integer expectSuccessWithinSeconds;

  /** Who starts the runs. */
  public enum Engine {
    EventBridgeScheduler,
    Operator
  }

  /** What a slot does while an earlier run is still going (engine Operator). */
  public enum ConcurrencyPolicy {
    Allow,
    Forbid,
    Replace
  }

  /** The ServiceRelease a batch takes its task from. */
  public static class ReleaseRef {
    @JsonPropertyDescription("Name of a ServiceRelease in the same namespace.")
    @Required
    @Size(min = 1, max = 253)
    public String name;
  }

  /** What a batch changes in the task it runs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TaskOverrides {
    @JsonPropertyDescription(
        "Per container overrides; each names a container of the task definition. At most 10.")
    @Size(max = 10)
    @ValidationRule(
        value = "self.all(a, self.exists_one(b, b.name == a.name))",
        message = "container override names must be unique")
    public List<ContainerOverride> containers;

    @JsonPropertyDescription("Task CPU units for the runs, e.g. \"1024\". Unset: the task's.")
    @Pattern("^[0-9]{2,6}$")
    public String cpu;

    @JsonPropertyDescription("Task memory in MiB for the runs, e.g. \"2048\". Unset: the task's.")
    @Pattern("^[0-9]{2,7}$")
    public String memory;
  }

  /** One container's overrides. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ContainerOverride {
    @JsonPropertyDescription("Name of a container of the task definition.")
    @Required
    @Size(min = 1, max = 255)
    public String name;

    @JsonPropertyDescription("The command the container runs instead of its own.")
    @Size(max = 64)
    public List<String> command;

    @JsonPropertyDescription(
        "Environment variables added to (or replacing) the container's. Not for secrets: they are"
            + " visible in the schedule and the task.")
    public Map<String, String> environment;

    @JsonPropertyDescription("Container CPU units. Unset: the container's.")
    @Min(0)
    public Integer cpu;

    @JsonPropertyDescription("Container memory hard limit in MiB. Unset: the container's.")
    @Min(4)
    public Integer memory;
  }

  /** How the EventBridge Scheduler schedule invokes RunTask. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EventBridgeSettings {
    @JsonPropertyDescription(
        "IAM role EventBridge Scheduler assumes to run the task: it needs ecs:RunTask on the task"
            + " definition family and iam:PassRole for the task's roles; trusted by"
            + " scheduler.amazonaws.com.")
    @Required
    @Pattern(AwsSpec.ROLE_ARN)
    public String roleArn;

    @JsonPropertyDescription(
        "Schedule group the schedule is created in. Default: default (it always exists).")
    @Pattern("^[0-9a-zA-Z-_.]{1,64}$")
    public String groupName;

    @JsonPropertyDescription(
        "Minutes within which each run may start after its slot (FLEXIBLE window), spreading load;"
            + " 0 (default) starts at the slot. 1 to 1440.")
    @Min(0)
    @Max(1440)
    public Integer flexibleWindowMinutes;

    @JsonPropertyDescription(
        "How often a failed invocation (RunTask refused or throttled; not a task that exits"
            + " non-zero) is retried, 0 to 185. Unset: 0, so a batch does not start hours late;"
            + " AWS's own default is 185 over 24 hours.")
    @Min(0)
    @Max(185)
    public Integer maximumRetryAttempts;

    @JsonPropertyDescription(
        "How long after its slot an invocation may still be retried, 60 to 86400 seconds. Unset:"
            + " 3600.")
    @Min(60)
    @Max(86400)
    public Integer maximumEventAgeSeconds;

    @JsonPropertyDescription(
        "SQS queue ARN invocations that failed for good are sent to. Unset: none.")
    @Pattern("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$")
    public String deadLetterArn;
  }
}
