package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import java.util.Optional;

/**
 * refresh.deleteWhenAsleep, decided from the status alone: a night's deletion starts once per night
 * when nothing holds it back, and a wake that finds the datastores deleted refreshes first (once
 * per night; after a failure refresh-now is how to try again, so a broken source does not loop
 * through deletes and restores all day).
 */
public final class NightDeletion {
  /** Trigger of a run that only deletes, at night. */
  public static final String SLEEP = "Sleep";

  /** Trigger of a refresh a wake starts because the night deleted the datastores. */
  static final String WAKE = "Wake";

  private NightDeletion() {}

  /**
   * The run the night asks for now, if any (SLEEP or WAKE), recording why tonight's deletion waits
   * when something holds it back.
   */
  static Optional<String> due(RefreshSpec spec, RefreshStatus status, Refreshes.Night night) {
    RefreshStatus.Night n = status.night;
    if (!night.asleep() || !Boolean.TRUE.equals(spec.deleteWhenAsleep)) {
      if (n != null) n.heldBack = null;
    }
    if (!night.asleep()) {
      // Whatever the spec says now: deleted datastores come back before the wake.
      boolean owed = n != null && Boolean.TRUE.equals(n.datastoresDeleted) && n.wakeRun == null;
      return owed ? Optional.of(WAKE) : Optional.empty();
    }
    if (!Boolean.TRUE.equals(spec.deleteWhenAsleep)) return Optional.empty();
    if (n != null && night.until().equals(n.until)) return Optional.empty();
    if (night.holdBack() != null) {
      record(status).heldBack = night.holdBack();
      return Optional.empty();
    }
    return Optional.of(SLEEP);
  }

  /** Records the run just begun: a deletion opens a new night, a wake refresh is its one retry. */
  static void begun(RefreshStatus status, RefreshStatus.Run run, Refreshes.Night night) {
    if (SLEEP.equals(run.trigger)) {
      RefreshStatus.Night n = record(status);
      n.until = night.until();
      n.deletionRun = run.runId;
      n.wakeRun = null;
      n.heldBack = null;
    } else if (WAKE.equals(run.trigger)) {
      record(status).wakeRun = run.runId;
    }
  }

  /**
   * After a run: a deletion that got past its source checks may have deleted something, so the
   * datastores count as deleted until a refresh succeeds; a refresh that succeeded brought them
   * back, whatever started it.
   */
  static void finished(RefreshStatus status, RefreshStatus.Run run) {
    if (SLEEP.equals(run.trigger)) {
      if (reachedTheDatastores(run)) record(status).datastoresDeleted = true;
    } else if ("Succeeded".equals(run.result) && status.night != null) {
      status.night.datastoresDeleted = null;
    }
  }

  static boolean isDeletion(RefreshStatus.Run run) {
    return run != null && SLEEP.equals(run.trigger);
  }

  /** True when a run started any step past checking its sources. */
  private static boolean reachedTheDatastores(RefreshStatus.Run run) {
    return run.steps.stream()
        .anyMatch(s -> !"checkSource".equals(s.step) && !"Pending".equals(s.state));
  }

  private static RefreshStatus.Night record(RefreshStatus status) {
    if (status.night == null) status.night = new RefreshStatus.Night();
    return status.night;
  }
}
