package dev.slipway.cli.kubectl;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** One Event as the status summary shows it: type, reason, when last seen, how often, message. */
public record EventLine(String type, String reason, Instant lastSeen, int count, String message) {

  /** From an Event of either generation: core v1 timestamps, else eventTime, else creation. */
  public static EventLine of(Event e) {
    String time = e.getLastTimestamp();
    if (time == null && e.getEventTime() != null) time = e.getEventTime().getTime();
    if (time == null) time = e.getFirstTimestamp();
    if (time == null && e.getMetadata() != null) time = e.getMetadata().getCreationTimestamp();
    return new EventLine(
        e.getType(),
        e.getReason(),
        parse(time),
        e.getCount() == null ? 1 : e.getCount(),
        e.getMessage());
  }

  private static Instant parse(String time) {
    if (time == null) return null;
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null; // shown as unknown; one odd Event must not hide the others
    }
  }
}
