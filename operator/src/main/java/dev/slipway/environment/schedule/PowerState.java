package dev.slipway.environment.schedule;

import java.time.Instant;

/**
 * Whether an environment should be awake now, why (a reason code and words for a person), and when
 * that next changes (null: not within the horizon, e.g. no window at all).
 */
public record PowerState(boolean awake, String reason, String message, Instant nextTransition) {
  /** No schedule, or alwaysAwake: awake, with nothing to wait for. */
  public static PowerState alwaysAwake() {
    return new PowerState(true, "AlwaysAwake", "no schedule: always awake", null);
  }
}
