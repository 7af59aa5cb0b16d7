package dev.slipway.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A parsed {@code cron(...)} expression. Slots are local times of the schedule's zone, to the
 * minute; {@link WallClock} places them on the timeline across daylight saving time changes.
 */
public final class CronExpression implements ScheduleExpression {
  private final String text;
  private final CronField minutes;
  private final CronField hours;
  private final DayRule daysOfMonth;
  private final CronField months;
  private final DayRule daysOfWeek;
  private final CronField years;

  CronExpression(
      String text,
      CronField minutes,
      CronField hours,
      DayRule daysOfMonth,
      CronField months,
      DayRule daysOfWeek,
      CronField years) {
    this.text = text;
    this.minutes = minutes;
    this.hours = hours;
    this.daysOfMonth = daysOfMonth;
    this.months = months;
    this.daysOfWeek = daysOfWeek;
    this.years = years;
  }

  @Override
  public String text() {
    return text;
  }

  /** Whether a local time (seconds ignored) is one of this expression's slots. */
  public boolean matches(LocalDateTime local) {
    return minutes.contains(local.getMinute())
        && hours.contains(local.getHour())
        && months.contains(local.getMonthValue())
        && years.contains(local.getYear())
        && dayMatches(local.toLocalDate());
  }

  @Override
  public Optional<Instant> next(Instant after, ZoneId zone) {
    LocalDateTime from = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES);
    while (true) {
      Optional<LocalDateTime> local = nextLocal(from);
      if (local.isEmpty()) return Optional.empty();
      Optional<Instant> slot = WallClock.cronSlot(local.get(), zone);
      // A slot the clocks skip is dropped; one in the repeated hour, seen from its second pass,
      // already fired and lies before `after`.
      if (slot.isPresent() && slot.get().isAfter(after)) return slot;
      from = local.get().plusMinutes(1);
    }
  }

  /**
   * The first local time at or after {@code from} (to the minute) that matches, found field by
   * field from the year down so that a sparse expression costs a few steps, not a minute-by-minute
   * scan.
   */
  Optional<LocalDateTime> nextLocal(LocalDateTime from) {
    LocalDateTime t = from;
    while (t.getYear() <= years.max()) {
      int year = years.nextFrom(t.getYear());
      if (year < 0) return Optional.empty();
      if (year != t.getYear()) {
        t = startOfYear(year);
        continue;
      }
      int month = months.nextFrom(t.getMonthValue());
      if (month != t.getMonthValue()) {
        t = month < 0 ? startOfYear(year + 1) : LocalDate.of(year, month, 1).atStartOfDay();
        continue;
      }
      if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      int hour = hours.nextFrom(t.getHour());
      if (hour != t.getHour()) {
        t = hour < 0 ? t.toLocalDate().plusDays(1).atStartOfDay() : t.toLocalDate().atTime(hour, 0);
        continue;
      }
      int minute = minutes.nextFrom(t.getMinute());
      if (minute != t.getMinute()) {
        t = minute < 0 ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1) : t.withMinute(minute);
        continue;
      }
      return Optional.of(t);
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate date) {
    return daysOfMonth.matches(date) && daysOfWeek.matches(date);
  }

  private static LocalDateTime startOfYear(int year) {
    return LocalDate.of(year, 1, 1).atStartOfDay();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
