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

/**
 * How a release is rolled out: ECS's rolling update, ECS's native blue/green, canary and linear
 * deployments over two target groups and Slipway's listener rules, or operator-driven weighted
 * steps for shapes ECS cannot do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.type) || self.type == 'Rolling' || has(self.traffic)",
    message = "strategy.traffic is required for BlueGreen, Canary, Linear and Weighted")
@ValidationRule(
    value = "!has(self.type) || self.type != 'Weighted' || has(self.weighted)",
    message = "strategy.weighted (its steps) is required for type Weighted")
public class StrategySpec {
  @JsonPropertyDescription(
      "Rolling (default): ECS's rolling update. BlueGreen, Canary, Linear: ECS-native deployments "
          + "with an alternate target group, a production and a test listener rule (Slipway's), "
          + "promotion and abort. Weighted: Slipway runs the new revision in a canary service "
          + "(<service>-canary) on a second target group and moves the production rule's weights "
          + "step by step, held as long as needed; see docs/progressive-delivery.md.")
  public Type type = Type.Rolling;

  @JsonPropertyDescription(
      "Bounds of the ECS rolling update. ECS's deployment circuit breaker with rollback is always "
          + "on, so a revision whose tasks keep failing never takes over.")
  public Rolling rolling = new Rolling();

  /** How long a rollout may take before Slipway rolls back to the last good revision. */
  @JsonPropertyDescription(
      "Seconds a rollout may take, counted from when Slipway last changed the service, 30 to "
          + "86400. Default 900. When it passes Slipway rolls the service back to the last good "
          + "revision (phase RolledBack), or marks the release Failed if there is none. Time spent "
          + "awaiting promotion or in a pause step does not count.")
  @Min(30)
  @Max(86400)
  public Integer progressDeadlineSeconds = 900;

  @JsonPropertyDescription(
      "Where traffic comes from and how the new revision is previewed: required for every type "
          + "but Rolling.")
  public Traffic traffic;

  @JsonPropertyDescription("Blue/green settings (type BlueGreen).")
  public BlueGreen blueGreen;

  @JsonPropertyDescription("Canary settings (type Canary).")
  public Canary canary;

  @JsonPropertyDescription("Linear settings (type Linear).")
  public Linear linear;

  @JsonPropertyDescription(
      "How an ECS-native deployment is promoted after its test traffic shift: by a person "
          + "(annotation slipway.dev/promote, kubectl slipway promote), or automatically.")
  public Promotion promotion;

  @JsonPropertyDescription("The steps of a Weighted rollout.")
  public Weighted weighted;

  /** Rollout strategies. */
  public enum Type {
    Rolling,
    BlueGreen,
    Canary,
    Linear,
    Weighted
  }

  /** ECS rolling update bounds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rolling {
    @JsonPropertyDescription(
        "Lowest share of desiredCount that must stay running and healthy during a rollout, in "
            + "percent (0 to 100). Default 100: old tasks stop only once new ones are healthy.")
    @Min(0)
    @Max(100)
    public Integer minimumHealthyPercent = 100;

    @JsonPropertyDescription(
        "Highest number of tasks during a rollout, in percent of desiredCount (100 to 400). "
            + "Default 200.")
    @Min(100)
    @Max(400)
    public Integer maximumPercent = 200;
  }

  /**
   * The listener the service's traffic arrives on and the rules Slipway owns there: the production
   * rule, and a test rule that sends the office (or a header) to the new revision only.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Traffic {
    @JsonPropertyDescription("ARN of the production listener (HTTP or HTTPS) of an ALB.")
    @Required
    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/app/.+$")
    public String listenerArn;

    @JsonPropertyDescription(
        "ARN of the listener the test rule goes on, e.g. a port only the office reaches. Default: "
            + "the production listener, with the test rule at a higher priority.")
    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/app/.+$")
    public String testListenerArn;

    @JsonPropertyDescription(
        "Conditions of the production rule Slipway creates for this service. Default: path /*.")
    public RuleConditions production;

    @JsonPropertyDescription(
        "Conditions of the test rule: the office's source addresses and/or a header. Traffic "
            + "matching them reaches the new revision only, from the test traffic shift on.")
    public RuleConditions preview;

    @JsonPropertyDescription(
        "Name of the second target group Slipway creates as a copy of the service's (port, "
            + "protocol, VPC, health check), at most 32 characters. Default: the service's name "
            + "shortened, with -alt.")
    @Pattern("^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")
    public String alternateTargetGroupName;

    @JsonPropertyDescription(
        "IAM role ECS assumes to change the listener rules during a deployment (ECS-native types;"
            + " see docs/progressive-delivery.md for its policy).")
    @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
    public String roleArn;

    @JsonPropertyDescription(
        "Priorities Slipway may claim on the listener for its rules, shared with other releases "
            + "and QA environments through ownership tags. Default 40000 to 49999.")
    public PriorityRange priorities;
  }

  /** ALB rule conditions Slipway writes; ECS and weighted steps only ever change actions. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RuleConditions {
    @JsonPropertyDescription("Source addresses in CIDR notation (condition source-ip), at most 5.")
    @Size(max = 5)
    public List<String> sourceIps;

    @JsonPropertyDescription("A request header and the values that match (condition http-header).")
    public Header header;

    @JsonPropertyDescription("Host names (condition host-header), at most 5.")
    @Size(max = 5)
    public List<String> hosts;

    @JsonPropertyDescription("Paths (condition path-pattern), at most 5.")
    @Size(max = 5)
    public List<String> paths;
  }

  /** An http-header condition. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Header {
    @JsonPropertyDescription("Header name, e.g. X-Preview.")
    @Required
    @Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$")
    public String name;

    @JsonPropertyDescription("Values that match (* and ? wildcards), 1 to 5.")
    @Required
    @Size(min = 1, max = 5)
    public List<String> values;
  }

  /** Listener-rule priorities, inclusive. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "self.from <= self.to", message = "priorities: from must not exceed to")
  public static class PriorityRange {
    @JsonPropertyDescription("Lowest priority, 1 to 50000.")
    @Min(1)
    @Max(50000)
    @Required
    public Integer from;

    @JsonPropertyDescription("Highest priority, 1 to 50000, not below from.")
    @Min(1)
    @Max(50000)
    @Required
    public Integer to;
  }

  /** ECS-native blue/green. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class BlueGreen {
    @JsonPropertyDescription(
        "Minutes both revisions stay up after production traffic moved, during which an abort "
            + "puts traffic back at once, 0 to 1440. Default 10.")
    @Min(0)
    @Max(1440)
    public Integer bakeTimeMinutes = 10;
  }

  /** ECS-native canary: a share of production first, then all of it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Canary {
    @JsonPropertyDescription("Share of production traffic the canary gets first, 0.1 to 100.")
    @Required
    @Min(0.1)
    @Max(100)
    public Double percent;

    @JsonPropertyDescription("Minutes at that share before the rest moves, 0 to 1440.")
    @Min(0)
    @Max(1440)
    public Integer bakeTimeMinutes = 10;

    @JsonPropertyDescription("Minutes both revisions stay up once all traffic moved, 0 to 1440.")
    @Min(0)
    @Max(1440)
    public Integer finalBakeTimeMinutes = 10;
  }

  /** ECS-native linear: equal steps of production traffic. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Linear {
    @JsonPropertyDescription("Share of production traffic moved per step, 3 to 100.")
    @Required
    @Min(3)
    @Max(100)
    public Double stepPercent;

    @JsonPropertyDescription("Minutes between steps, 0 to 1440.")
    @Min(0)
    @Max(1440)
    public Integer stepBakeTimeMinutes = 5;

    @JsonPropertyDescription("Minutes both revisions stay up once all traffic moved, 0 to 1440.")
    @Min(0)
    @Max(1440)
    public Integer finalBakeTimeMinutes = 10;
  }

  /** Promotion of an ECS-native deployment after its test traffic shift. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Promotion {
    @JsonPropertyDescription(
        "Manual (default): the deployment waits after the test traffic shift (an ECS pause hook) "
            + "until promoted or aborted. Auto: with auto set, Slipway promotes once its "
            + "conditions hold and aborts when a named alarm fires; without it, ECS goes on at "
            + "once.")
    public Mode mode = Mode.Manual;

    @JsonPropertyDescription(
        "Minutes a manual promotion may wait before ECS rolls back, 1 to 10080. Default 1440.")
    @Min(1)
    @Max(10080)
    public Integer timeoutMinutes = 1440;

    @JsonPropertyDescription(
        "Promote automatically, also in Manual mode, once this holds: every target of the new "
            + "revision healthy for afterSeconds and every named CloudWatch alarm OK.")
    public Auto auto;

    /** Who promotes. */
    public enum Mode {
      Manual,
      Auto
    }
  }

  /** Conditions of an automatic promotion. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Auto {
    @JsonPropertyDescription("Seconds of test traffic with every new target healthy, 0 to 86400.")
    @Required
    @Min(0)
    @Max(86400)
    public Integer afterSeconds;

    @JsonPropertyDescription("CloudWatch alarm names that must be OK, at most 10.")
    @Size(max = 10)
    public List<String> alarms;
  }

  /** Operator-driven steps over two target groups. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Weighted {
    @JsonPropertyDescription("The steps, in order, 1 to 20; the rollout ends at weight 100.")
    @Required
    @Size(min = 1, max = 20)
    public List<Step> steps;
  }

  /** One weighted step: exactly one of its fields. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "[has(self.setWeight), has(self.pause), has(self.setHeaderRoute)]"
              + ".filter(x, x).size() == 1",
      message = "a step has exactly one of setWeight, pause, setHeaderRoute")
  public static class Step {
    @JsonPropertyDescription("Percent of production traffic to the new revision, 0 to 100.")
    @Min(0)
    @Max(100)
    public Integer setWeight;

    @JsonPropertyDescription("Wait: for durationSeconds, or (without it) until promoted.")
    public Pause pause;

    @JsonPropertyDescription(
        "Send requests carrying this header value to the new revision only (a rule of its own "
            + "above the production rule).")
    public HeaderRoute setHeaderRoute;
  }

  /** A pause step. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Pause {
    @JsonPropertyDescription("Seconds, 1 to 604800; unset: until slipway.dev/promote.")
    @Min(1)
    @Max(604800)
    public Integer durationSeconds;
  }

  /** One header value routed to the new revision. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HeaderRoute {
    @JsonPropertyDescription("Header name, e.g. X-Partition.")
    @Required
    @Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$")
    public String name;

    @JsonPropertyDescription("The value, e.g. blogs.")
    @Required
    @Size(max = 128)
    public String value;
  }
}
