package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How a release is rolled out. Only Rolling is implemented; the others are reserved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.type) || self.type == 'Rolling'",
    message = "strategy.type BlueGreen and Canary are not supported yet; use Rolling")
public class StrategySpec {
  @JsonPropertyDescription(
      "Rollout strategy. Only Rolling (default) is implemented; BlueGreen and Canary are reserved "
          + "and refused.")
  public Type type = Type.Rolling;

  @JsonPropertyDescription(
      "Bounds of the ECS rolling update. ECS's deployment circuit breaker with rollback is always "
          + "on, so a revision whose tasks keep failing never takes over.")
  public Rolling rolling = new Rolling();

  /** How long a rollout may take before Slipway rolls back to the last good revision. */
  @JsonPropertyDescription(
      "Seconds a rollout may take, counted from when Slipway last changed the service, 30 to "
          + "86400. Default 900. When it passes Slipway rolls the service back to the last good "
          + "revision (phase RolledBack), or marks the release Failed if there is none.")
  @Min(30)
  @Max(86400)
  public Integer progressDeadlineSeconds = 900;

  /** Rollout strategies. */
  public enum Type {
    Rolling,
    BlueGreen,
    Canary
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
}
