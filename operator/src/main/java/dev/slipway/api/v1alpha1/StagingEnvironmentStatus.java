package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a staging environment, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StagingEnvironmentStatus implements ReconciledStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Provisioning: being created or updated, falling asleep or waking (see the reason). Ready: "
          + "every service is Ready. Sleeping: asleep by the schedule, every service at zero. "
          + "Failed: see reason "
          + "and message. Expired: the TTL passed and everything but the resource was removed. "
          + "Deleting: being torn down (reason TearingDown, or TeardownBlocked with what it waits "
          + "for).")
  public Phase phase;

  @JsonPropertyDescription("What is happening or went wrong, for a person.")
  public String message;

  @JsonPropertyDescription(
      "Standard conditions Ready, Progressing and Degraded, with a reason and message each; they "
          + "mean the same as on ServiceReleases.")
  public List<Condition> conditions = new ArrayList<>();

  /** Where testers open the environment (first routed service). */
  @JsonPropertyDescription(
      "Branch environments: where testers open the environment (the first routed service's URL); "
          + "set once it is Ready.")
  public String url;

  /** The slug every derived name is built from. */
  @JsonPropertyDescription(
      "Branch environments: the readable branch name plus an 8-digit hash every derived name is "
          + "built from, e.g. qa-foo-1a2b3c4d.")
  public String slug;

  @JsonPropertyDescription(
      "Branch environments: name of the branch's MySQL database or PostgreSQL schema.")
  public String schema;

  @JsonPropertyDescription("Branch environments: the branch's Redis key namespace.")
  public String redisNamespace;

  @JsonPropertyDescription("Each service of the environment and its ServiceRelease.")
  public List<ServiceState> services = new ArrayList<>();

  /** When the spec last changed; the TTL counts from here. */
  @JsonPropertyDescription(
      "Branch environments: when Slipway first saw the current spec (RFC 3339); the TTL counts "
          + "from here.")
  public String lastSpecChangeAt;

  @JsonPropertyDescription(
      "Branch environments: when the TTL runs out (RFC 3339); empty without a TTL.")
  public String expiresAt;

  /**
   * When the environment was admitted; written before anything is created and cleared only after a
   * full teardown, so it is also the record that creation may have started.
   */
  @JsonPropertyDescription(
      "Branch environments: when the environment was admitted (RFC 3339) and began counting "
          + "against maxEnvironments and the connection budget. Written before anything is "
          + "created and cleared only after a full teardown (on expiry, or when refused before it "
          + "served), so an environment without it has made nothing.")
  public String admittedAt;

  @JsonPropertyDescription(
      "Whether the environment is awake or asleep by its schedule, why, since when, and the next "
          + "transition. Unset without a schedule.")
  public PowerStatus power;

  @JsonPropertyDescription(
      "Shared environments with spec.refresh: the refresh in progress and the last ones. Branch "
          + "environments: refreshRun is the refresh whose data their releases were prepared for.")
  public RefreshStatus refresh;

  @JsonPropertyDescription(
      "Branch environments: the shared environment's refresh run their schema and migrations "
          + "were last prepared for.")
  public String refreshRun;

  /** Shared environments: how many branch environments exist. */
  @JsonPropertyDescription(
      "Shared environments: how many branch environments are made from this one.")
  public Integer environments;

  @JsonPropertyDescription(
      "Estimated Fargate cost of the environment's services from the operator's price table: now, "
          + "per month with its schedule, and per month always on at on-demand prices.")
  public CostStatus cost;

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
    if (phase == null) phase = Phase.Provisioning;
  }

  @Override
  public void deleting() {
    phase = Phase.Deleting;
  }

  /** Lifecycle of a staging environment. */
  public enum Phase {
    Provisioning,
    Ready,
    Sleeping,
    Failed,
    Expired,
    Deleting
  }

  /** The environment's place in its schedule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PowerStatus {
    @JsonPropertyDescription("Awake or Asleep: what the schedule asks for now.")
    public String state;

    @JsonPropertyDescription(
        "Why: Window (inside an awake window), WakeUntil (woken on demand), Schedule (outside "
            + "the windows) or Holiday.")
    public String reason;

    @JsonPropertyDescription("The same for a person, e.g. in window Mon-Fri 08:00-21:00.")
    public String message;

    @JsonPropertyDescription("When the schedule last changed state (RFC 3339).")
    public String since;

    @JsonPropertyDescription("When the state changes next (RFC 3339); unset if never.")
    public String nextTransition;

    @JsonPropertyDescription("Awake or Asleep: the state at nextTransition.")
    public String nextState;

    @JsonPropertyDescription(
        "The on-demand wake in force (annotation slipway.dev/wake-until), RFC 3339; unset when "
            + "none is, or it passed.")
    public String wakeUntil;

    @JsonPropertyDescription("The time zone of the schedule in force.")
    public String timeZone;
  }

  /** One service of the environment and its ServiceRelease. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServiceState {
    @JsonPropertyDescription("The service's name in spec.services.")
    public String name;

    @JsonPropertyDescription("Name of the service's ServiceRelease.")
    public String release;

    @JsonPropertyDescription("Phase of that ServiceRelease.")
    public String phase;

    @JsonPropertyDescription(
        "Where the service is reached (routed services of branch environments).")
    public String url;

    @JsonPropertyDescription("Port mode: the listener port allocated to the service.")
    public Integer port;

    /** HostHeader routing: the rule's priority on the shared listener. */
    @JsonPropertyDescription(
        "HostHeader mode: priority of the service's rule on the shared listener.")
    public Integer priority;

    @JsonPropertyDescription("HostHeader mode: the host the rule matches.")
    public String host;

    @JsonPropertyDescription("ARN of the service's target group in this branch environment.")
    public String targetGroupArn;
  }

  /** What the environment's ECS tasks cost by the price table; an estimate, not a bill. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CostStatus {
    @JsonPropertyDescription("Currency of every figure: USD, as AWS bills Fargate.")
    public String currency;

    @JsonPropertyDescription(
        "Per hour for the tasks running now (0 while asleep), each priced on-demand or Spot as "
            + "its capacity provider strategy places it. Unset when unknown (see message).")
    public Double hourlyNow;

    @JsonPropertyDescription(
        "Per month (730 hours) with the schedule: the awake fleet's hourly cost times the awake "
            + "share of the next 28 days (awakeFraction). Unset when unknown.")
    public Double monthlyProjected;

    @JsonPropertyDescription(
        "Per month (730 hours) if the awake fleet ran always on, every task on-demand FARGATE: "
            + "what the schedule and Fargate Spot are measured against. Unset when unknown.")
    public Double monthlyAlwaysOnOnDemand;

    @JsonPropertyDescription(
        "How much less monthlyProjected is than monthlyAlwaysOnOnDemand, in percent, e.g. 73.3. "
            + "Unset when unknown or when nothing runs.")
    public Double savingPercent;

    @JsonPropertyDescription(
        "Share of the next 28 days the schedule keeps the environment awake, 0 to 1 (1 without a "
            + "schedule; an on-demand wake is not counted).")
    public Double awakeFraction;

    @JsonPropertyDescription(
        "The price table used: its label and the date its prices were taken, e.g. AWS Fargate "
            + "example prices (Linux), 2026-12-05.")
    public String prices;

    @JsonPropertyDescription(
        "Why the cost is unknown, e.g. no price for a Region and architecture in the table; "
            + "unset when the figures are known.")
    public String message;
  }
}
