package dev.slipway.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * Where a local time of a schedule's zone falls on the timeline, the way EventBridge Scheduler
 * documents it for daylight saving time: a local time the clocks skip in spring is not invoked at
 * all, and a local time the clocks repeat in autumn is invoked once, on its first occurrence.
 */
final class WallClock {
  private WallClock() {}

  /** The instant a cron slot at {@code local} fires, or empty when the clocks skip it. */
  static Optional<Instant> cronSlot(LocalDateTime local, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition == null) return Optional.of(local.toInstant(rules.getOffset(local)));
    if (transition.isGap()) return Optional.empty();
    // The offset before the change is the first time the wall clock shows this time.
    return Optional.of(local.toInstant(transition.getOffsetBefore()));
  }

  /**
   * The instant a one-time at() schedule fires. AWS documents no rule for a skipped local time
   * here; skipping would mean never running the job, so it moves forward by the length of the gap
   * (as java.time does), and a repeated time fires on its first occurrence as cron slots do.
   */
  static Instant oneTime(LocalDateTime local, ZoneId zone) {
    return local.atZone(zone).toInstant();
  }
}
