package dev.slipway.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A one-time {@code at(yyyy-mm-ddThh:mm:ss)} expression: a local time in the schedule's zone. */
public record AtExpression(String text, LocalDateTime at) implements ScheduleExpression {
  private static final String FORMAT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}";

  @Override
  public Optional<Instant> next(Instant after, ZoneId zone) {
    Instant fires = WallClock.oneTime(at, zone);
    return fires.isAfter(after) ? Optional.of(fires) : Optional.empty();
  }

  static AtExpression parse(String text) {
    String inner = text.endsWith(")") ? text.substring(3, text.length() - 1) : "";
    if (!inner.matches(FORMAT)) {
      throw new InvalidScheduleException(
          "at: expected at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-03-10T02:30:00), got " + text);
    }
    try {
      return new AtExpression(text, LocalDateTime.parse(inner));
    } catch (DateTimeParseException e) {
      throw new InvalidScheduleException("at: " + inner + " is not a valid date and time");
    }
  }
}
