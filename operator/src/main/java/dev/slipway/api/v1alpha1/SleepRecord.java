package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What a sleeping service looked like before it was scaled to zero, so waking restores it: the
 * counts ECS and Application Auto Scaling had, and what the spec said then (a spec changed while
 * asleep wins over the recorded values). Written before anything is scaled down.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SleepRecord {
  /** Counts recorded; the service is being scaled to zero. */
  public static final String FALLING_ASLEEP = "FallingAsleep";

  /** Scaled to zero, no task running. */
  public static final String ASLEEP = "Asleep";

  /** Being brought back. */
  public static final String WAKING = "Waking";

  @JsonPropertyDescription(
      "FallingAsleep while the service is scaled to zero, Asleep once no task runs, Waking while"
          + " it is being brought back.")
  public String state;

  @JsonPropertyDescription("When the service was put to sleep (RFC 3339).")
  public String since;

  @JsonPropertyDescription("The service's desiredCount before it slept.")
  public Integer desiredCount;

  @JsonPropertyDescription("The scalable target's minimum before it slept; unset without one.")
  public Integer minCapacity;

  @JsonPropertyDescription("The scalable target's maximum before it slept; unset without one.")
  public Integer maxCapacity;

  @JsonPropertyDescription("Whether scale-in by scaling policies was suspended before it slept.")
  public Boolean dynamicScalingInSuspended;

  @JsonPropertyDescription("Whether scale-out by scaling policies was suspended before it slept.")
  public Boolean dynamicScalingOutSuspended;

  @JsonPropertyDescription("Whether scheduled scaling was suspended before it slept.")
  public Boolean scheduledScalingSuspended;

  @JsonPropertyDescription("spec.service.desiredCount (as rendered) when it slept.")
  public Integer specDesiredCount;

  @JsonPropertyDescription("spec.service.autoscaling.minCapacity when it slept.")
  public Integer specMinCapacity;

  @JsonPropertyDescription("spec.service.autoscaling.maxCapacity when it slept.")
  public Integer specMaxCapacity;

  @JsonPropertyDescription(
      "Scheduled actions on the scalable target that Slipway did not make; they cannot act while "
          + "scheduled scaling is suspended, but may move the service once it is awake.")
  public List<String> foreignScheduledActions;

  @JsonPropertyDescription(
      "The scalable target as Slipway last registered or read it while the service slept or woke:"
          + " \"min..max\" with every scaling activity suspended, or \"none\". The next passes trust"
          + " it rather than read the target again; a service already asleep reads it once per"
          + " resync, and a wake reads it before scaling resumes.")
  public String scalableTarget;
}
