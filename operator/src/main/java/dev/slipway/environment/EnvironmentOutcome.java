package dev.slipway.environment;

import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import java.time.Duration;

/** Where one reconcile pass left an environment, and when to look again (null: on change only). */
record EnvironmentOutcome(Phase phase, String reason, String message, Duration recheck) {
  static EnvironmentOutcome failed(String reason, String message, Duration recheck) {
    return new EnvironmentOutcome(Phase.Failed, reason, message, recheck);
  }

  static EnvironmentOutcome invalid(String message) {
    return new EnvironmentOutcome(Phase.Failed, "Invalid", message, null);
  }

  static EnvironmentOutcome provisioning(String reason, String message, Duration recheck) {
    return new EnvironmentOutcome(Phase.Provisioning, reason, message, recheck);
  }
}
