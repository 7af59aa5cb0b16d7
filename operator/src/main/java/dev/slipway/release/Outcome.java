package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import java.time.Duration;

/**
 * Where a reconcile pass ended: the phase to report, a machine-readable reason, a message for
 * people, and when to look again (null: wait for the next change or resync).
 */
public record Outcome(Phase phase, String reason, String message, Duration recheck) {
  /**
   * Look again at once, starting from this pass's status and its observation of the service: for a
   * pass that only records something before acting on it (so it changed nothing in AWS). Its status
   * is written over the version it read and cached, so the next pass cannot start from an older
   * copy and record again.
   */
  public static final Duration AT_ONCE = Duration.ZERO;

  public static Outcome ready(String message) {
    return new Outcome(Phase.Ready, "Released", message, null);
  }

  public static Outcome progressing(String reason, String message, Duration recheck) {
    return new Outcome(Phase.Progressing, reason, message, recheck);
  }

  public static Outcome failed(String reason, String message) {
    return new Outcome(Phase.Failed, reason, message, null);
  }

  public static Outcome failed(String reason, String message, Duration recheck) {
    return new Outcome(Phase.Failed, reason, message, recheck);
  }

  public static Outcome rolledBack(String reason, String message) {
    return new Outcome(Phase.RolledBack, reason, message, null);
  }
}
