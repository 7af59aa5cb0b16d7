package dev.slipway.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code rate(value unit)} expression: fixed periods counted from an anchor. AWS anchors a rate
 * at the schedule's StartDate, or at its creation when it has none, and invokes right away at the
 * anchor; callers that know it use {@link #anchoredAt}. Days are 24-hour periods whatever the time
 * zone does, as AWS documents, so the zone plays no part.
 */
public record RateExpression(String text, long value, ChronoUnit unit, Instant anchor)
    implements ScheduleExpression {
  private static final Pattern RATE = Pattern.compile("rate\\((\\S+)\\s+(\\S+)\\)");

  /** The same rate counted from {@code start}. */
  public RateExpression anchoredAt(Instant start) {
    return new RateExpression(text, value, unit, start);
  }

  /** How long one period lasts. */
  public Duration period() {
    return unit.getDuration().multipliedBy(value);
  }

  @Override
  public Optional<Instant> next(Instant after, ZoneId zone) {
    if (after.isBefore(anchor)) return Optional.of(anchor);
    // Periods are whole minutes, so seconds are exact enough and do not overflow over centuries.
    long periods = Duration.between(anchor, after).getSeconds() / period().getSeconds();
    return Optional.of(anchor.plus(period().multipliedBy(periods + 1)));
  }

  /** Unanchored rates count from the epoch, which keeps evaluation a pure function. */
  static RateExpression parse(String text) {
    Matcher m = RATE.matcher(text);
    if (!m.matches()) {
      throw new InvalidScheduleException(
          "rate: expected rate(value unit), e.g. rate(5 minutes), got " + text);
    }
    long value = value(m.group(1));
    String unitText = m.group(2);
    ChronoUnit unit =
        switch (unitText) {
          case "minute", "minutes" -> ChronoUnit.MINUTES;
          case "hour", "hours" -> ChronoUnit.HOURS;
          case "day", "days" -> ChronoUnit.DAYS;
          default ->
              throw new InvalidScheduleException(
                  "rate: unit must be minute(s), hour(s) or day(s), got " + unitText);
        };
    boolean plural = unitText.endsWith("s");
    if (value == 1 && plural) {
      throw new InvalidScheduleException(
          "rate: a value of 1 takes the singular unit, e.g. rate(1 "
              + unitText.substring(0, unitText.length() - 1)
              + ")");
    }
    if (value > 1 && !plural) {
      throw new InvalidScheduleException(
          "rate: a value above 1 takes the plural unit, e.g. rate("
              + value
              + " "
              + unitText
              + "s)");
    }
    return new RateExpression(text, value, unit, Instant.EPOCH);
  }

  private static long value(String text) {
    if (!text.matches("[0-9]{1,9}") || Long.parseLong(text) == 0) {
      throw new InvalidScheduleException(
          "rate: value must be a positive whole number, got " + text);
    }
    return Long.parseLong(text);
  }
}
