package dev.slipway.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What Ready, Progressing and Degraded mean, the same for every kind: one aggregation from the
 * phase a pass ended in, so tools (kubectl wait, Argo CD, alerts) read both kinds alike.
 *
 * <ul>
 *   <li>Ready: the resource is what its spec asks for, now.
 *   <li>Progressing: Slipway is working toward the spec (waiting, rolling out, provisioning,
 *       deleting) and expects to get there without help.
 *   <li>Degraded: it cannot get there without a person (invalid input, a failed or rolled-back
 *       release, a missing reference), or a pass is failing and being retried (then the reason says
 *       why, e.g. DatabaseUnavailable, and the phase is left as it was).
 * </ul>
 */
public final class ConditionContract {
  /** Reasons of a failing pass being retried; they set Degraded without touching the phase. */
  public static final Set<String> TRANSIENT_REASONS =
      Set.of(
          "ReconcileError",
          "DatabaseUnavailable",
          "DatabaseError",
          "AwsUnavailable",
          "KubernetesApiError");

  /** How a phase stands toward the spec. */
  public enum Standing {
    READY,
    PROGRESSING,
    FAILED,
    IDLE,
    DELETING;

    /** The standing of either kind's phase, by name. */
    public static Standing of(String phase) {
      if (phase == null) return PROGRESSING;
      return switch (phase) {
        case "Ready", "Scheduled" -> READY;
        case "Failed", "RolledBack", "Aborted", "Degraded", "Invalid" -> FAILED;
        case "Suspended", "Sleeping", "Expired" -> IDLE;
        case "Deleting" -> DELETING;
        default -> PROGRESSING;
      };
    }
  }

  private ConditionContract() {}

  /** Sets the three conditions for a pass that ended in {@code phase}. */
  public static void apply(
      List<Condition> conditions,
      String phase,
      String reason,
      String message,
      Long generation,
      Instant now) {
    Standing standing = Standing.of(phase);
    boolean progressing = standing == Standing.PROGRESSING || standing == Standing.DELETING;
    boolean degraded = standing == Standing.FAILED || "TeardownBlocked".equals(reason);
    Conditions.set(
        conditions, Conditions.READY, standing == Standing.READY, reason, message, generation, now);
    Conditions.set(
        conditions,
        Conditions.PROGRESSING,
        progressing,
        progressing ? reason : "Idle",
        progressing ? message : "",
        generation,
        now);
    Conditions.set(
        conditions,
        Conditions.DEGRADED,
        degraded,
        degraded ? reason : "AsExpected",
        degraded ? message : "",
        generation,
        now);
  }

  /**
   * A pass failed and will be retried: Degraded says why; Ready and Progressing keep what the last
   * finished pass said, because the resource in AWS is still what that pass saw.
   */
  public static void retrying(
      List<Condition> conditions, String reason, String message, Long generation, Instant now) {
    Conditions.set(conditions, Conditions.DEGRADED, true, reason, message, generation, now);
  }
}
