package dev.slipway.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * What the day-of-month or day-of-week field of a cron expression asks of a date, including the
 * special forms AWS documents: {@code L}, {@code W} and {@code #}.
 */
sealed interface DayRule {
  boolean matches(LocalDate date);

  /** Day-of-week as cron numbers it: 1 = Sunday through 7 = Saturday. */
  static int cronDayOfWeek(LocalDate date) {
    return date.getDayOfWeek().getValue() % 7 + 1;
  }

  /** {@code ?}: this field leaves the day to the other one. */
  record Any() implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return true;
    }
  }

  /** Listed days of the month (a day the month lacks never matches). */
  record MonthDays(CronField days) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return days.contains(date.getDayOfMonth());
    }
  }

  /** {@code L} in day-of-month: the month's last day. */
  record LastDayOfMonth() implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return date.getDayOfMonth() == date.lengthOfMonth();
    }
  }

  /**
   * {@code nW}: the weekday nearest day n, without leaving the month (a Saturday the 1st moves to
   * Monday the 3rd, a Sunday that ends the month to the Friday before). {@code LW}: the last
   * weekday of the month.
   */
  record NearestWeekday(int day, boolean last) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      int length = date.lengthOfMonth();
      int target = last ? length : day;
      if (target > length) return false;
      LocalDate t = date.withDayOfMonth(target);
      DayOfWeek dow = t.getDayOfWeek();
      if (dow == DayOfWeek.SATURDAY) t = target == 1 ? t.plusDays(2) : t.minusDays(1);
      if (dow == DayOfWeek.SUNDAY) t = target == length ? t.minusDays(2) : t.plusDays(1);
      return t.equals(date);
    }
  }

  /** Listed days of the week. */
  record WeekDays(CronField days) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return days.contains(cronDayOfWeek(date));
    }
  }

  /** {@code nL} in day-of-week: the last such weekday of the month (6L: the last Friday). */
  record LastWeekdayOfMonth(int dayOfWeek) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return cronDayOfWeek(date) == dayOfWeek && date.plusWeeks(1).getMonth() != date.getMonth();
    }
  }

  /** {@code n#k}: the k-th such weekday of the month (2#1: the first Monday). */
  record NthWeekdayOfMonth(int dayOfWeek, int nth) implements DayRule {
    @Override
    public boolean matches(LocalDate date) {
      return cronDayOfWeek(date) == dayOfWeek && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
    }
  }
}
