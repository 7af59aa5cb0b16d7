package dev.slipway.environment.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed awake schedule and the questions asked of it: is the environment awake at an instant,
 * until when, and when is the next morning refresh due. Everything is a pure function of the
 * schedule, the instant and an on-demand wake, so a restarted operator computes the same answer
 * (transitions it slept through are simply the state it finds).
 */
public record Schedule(ZoneId zone, List<Window> windows, Set<LocalDate> holidays) {
  /** How far ahead a transition is looked for: a year of holidays plus slack. */
  static final int HORIZON_DAYS = 400;

  /**
   * One awake window: the days it starts on, and local from/to ({@code to} before from: next day).
   */
  public record Window(
      Set<DayOfWeek> days, LocalTime from, LocalTime to, boolean toMidnight, String text) {
    /** The instants this window covers when it starts on {@code date}. */
    Interval on(LocalDate date, ZoneId zone) {
      ZonedDateTime start = ZonedDateTime.of(date, from, zone);
      LocalDate endDate = toMidnight || !to.isAfter(from) ? date.plusDays(1) : date;
      LocalTime endTime = toMidnight ? LocalTime.MIDNIGHT : to;
      ZonedDateTime end = ZonedDateTime.of(endDate, endTime, zone);
      return new Interval(start.toInstant(), end.toInstant(), this);
    }
  }

  /** Awake all day, every day, in {@code zone}: what refresh times follow without a schedule. */
  public static Schedule everyDay(ZoneId zone) {
    Window allDay =
        new Window(
            java.util.EnumSet.allOf(DayOfWeek.class),
            LocalTime.MIDNIGHT,
            LocalTime.MIDNIGHT,
            true,
            "Mon-Sun 00:00-24:00");
    return new Schedule(zone, List.of(allDay), Set.of());
  }

  /** One occurrence of a window, [start, end). */
  public record Interval(Instant start, Instant end, Window window) {
    boolean contains(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }
  }

  /** The windows that start on a date; none on a holiday. */
  List<Interval> occurrences(LocalDate date) {
    if (holidays.contains(date)) return List.of();
    List<Interval> out = new ArrayList<>();
    for (Window w : windows) {
      if (w.days().contains(date.getDayOfWeek())) out.add(w.on(date, zone));
    }
    return out;
  }

  /**
   * The state at {@code now}. {@code wakeUntil} (may be null or past) keeps the environment awake
   * until then, on top of the windows; once it passes, the schedule alone decides again.
   */
  public PowerState at(Instant now, Instant wakeUntil) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    Optional<Interval> window = covering(now, today);
    boolean onDemand = wakeUntil != null && now.isBefore(wakeUntil);
    if (window.isPresent() || onDemand) {
      Instant end = endOfAwake(now, wakeUntil);
      String reason =
          window.isPresent()
              ? "in window " + window.get().window().text()
              : "woken on demand until " + wakeUntil;
      return new PowerState(true, window.isPresent() ? "Window" : "WakeUntil", reason, end);
    }
    Instant next = nextStart(now, today).orElse(null);
    String reason =
        holidays.contains(today) && windowStartsOn(today)
            ? "holiday " + today
            : "outside the awake windows";
    return new PowerState(false, holidays.contains(today) ? "Holiday" : "Schedule", reason, next);
  }

  private boolean windowStartsOn(LocalDate date) {
    return windows.stream().anyMatch(w -> w.days().contains(date.getDayOfWeek()));
  }

  private Optional<Interval> covering(Instant t, LocalDate today) {
    // A window is shorter than a day and a half, so the ones starting yesterday or today suffice.
    for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
      for (Interval i : occurrences(d)) {
        if (i.contains(t)) return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** End of the unbroken awake stretch containing {@code t}: windows that touch are one stretch. */
  private Instant endOfAwake(Instant t, Instant wakeUntil) {
    Instant end = t;
    if (wakeUntil != null && wakeUntil.isAfter(end)) end = wakeUntil;
    LocalDate day = LocalDate.ofInstant(t, zone).minusDays(1);
    for (int n = 0; n < HORIZON_DAYS; n++, day = day.plusDays(1)) {
      if (day.isAfter(LocalDate.ofInstant(end, zone).plusDays(1))) break;
      List<Interval> byStart = new ArrayList<>(occurrences(day));
      byStart.sort((a, b) -> a.start().compareTo(b.start()));
      for (Interval i : byStart) {
        if (!i.start().isAfter(end) && i.end().isAfter(end)) end = i.end();
      }
    }
    return end;
  }

  private Optional<Instant> nextStart(Instant t, LocalDate today) {
    for (int n = -1; n < HORIZON_DAYS; n++) {
      Optional<Instant> first =
          occurrences(today.plusDays(n)).stream()
              .map(Interval::start)
              .filter(s -> s.isAfter(t))
              .min(Instant::compareTo);
      if (first.isPresent()) return first;
    }
    return Optional.empty();
  }

  /**
   * The latest refresh slot at or before {@code now}: {@code at} local time on a day on which a
   * window starts (a refresh prepares a day of use; weekends and holidays have none).
   */
  public Optional<Instant> lastRefreshSlot(Instant now, LocalTime at) {
    LocalDate day = LocalDate.ofInstant(now, zone);
    for (int n = 0; n < HORIZON_DAYS; n++, day = day.minusDays(1)) {
      Instant slot = ZonedDateTime.of(day, at, zone).toInstant();
      if (!slot.isAfter(now) && !occurrences(day).isEmpty()) return Optional.of(slot);
    }
    return Optional.empty();
  }

  /** The first refresh slot after {@code now}. */
  public Optional<Instant> nextRefreshSlot(Instant now, LocalTime at) {
    LocalDate day = LocalDate.ofInstant(now, zone).minusDays(1);
    for (int n = 0; n < HORIZON_DAYS; n++, day = day.plusDays(1)) {
      Instant slot = ZonedDateTime.of(day, at, zone).toInstant();
      if (slot.isAfter(now) && !occurrences(day).isEmpty()) return Optional.of(slot);
    }
    return Optional.empty();
  }
}
