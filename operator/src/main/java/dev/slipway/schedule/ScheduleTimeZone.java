package dev.slipway.schedule;

import java.time.ZoneId;
import java.time.ZoneOffset;

/** The time zone a schedule is evaluated in: an IANA name, as ScheduleExpressionTimezone takes. */
public final class ScheduleTimeZone {
  /** EventBridge Scheduler's default when a schedule names no time zone. */
  public static final String DEFAULT = "UTC";

  private ScheduleTimeZone() {}

  /**
   * The zone an IANA name denotes; null or blank means UTC. Offsets such as "+09:00" are refused
   * because AWS takes names only, and a fixed offset would silently ignore daylight saving time.
   */
  public static ZoneId parse(String id) {
    if (id == null || id.isBlank() || id.equals(DEFAULT)) return ZoneOffset.UTC;
    if (!ZoneId.getAvailableZoneIds().contains(id)) {
      throw new InvalidScheduleException(
          "time zone "
              + id
              + " is not an IANA time zone name (e.g. Asia/Tokyo, Europe/Berlin, UTC)");
    }
    return ZoneId.of(id);
  }
}
