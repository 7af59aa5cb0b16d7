package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How a release is rolled out. Only Rolling is implemented; the others are reserved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.type) || self.type == 'Rolling'",
    message = "strategy.type BlueGreen and Canary are not supported yet; use Rolling")
public class StrategySpec {
  public Type type = Type.Rolling;

  public Rolling rolling = new Rolling();

  /** How long a rollout may take before Slipway rolls back to the last good revision. */
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
    @Min(0)
    @Max(100)
    public Integer minimumHealthyPercent = 100;

    @Min(100)
    @Max(400)
    public Integer maximumPercent = 200;
  }
}
