package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.Phase;

/**
 * What keeps runs from starting now: the spec's suspend, the release's sleep, and the staging
 * environment's refresh. Suspend and sleep also hide the next run; a refresh only delays it.
 */
record Gates(boolean suspended, String asleep, RefreshHold.State refresh) {
  /** Whether a run may start now. */
  boolean open() {
    return !suspended && asleep == null && refresh.holding() == null;
  }

  /** Whether the schedule is in force at all (a refresh only holds runs back for a while). */
  boolean scheduling() {
    return !suspended && asleep == null;
  }

  Phase phase() {
    if (suspended) return Phase.Suspended;
    return asleep != null ? Phase.Sleeping : Phase.Scheduled;
  }

  String message(ScheduledTaskStatus status) {
    if (suspended) return "suspended: no run starts";
    if (asleep != null) return asleep;
    if (refresh.holding() != null) return refresh.holding();
    return "next run " + status.nextRunTime + " (" + status.engine + ")";
  }
}
