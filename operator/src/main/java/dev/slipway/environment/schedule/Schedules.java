package dev.slipway.environment.schedule;

import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.ScheduleSpec.AwakeWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link ScheduleSpec} into a {@link Schedule}, naming every problem (an unknown time zone,
 * a day that is not a day) the way the CRD's own checks would, for API servers that do not run them
 * and for what only Java can check (IANA zone ids).
 */
public final class Schedules {
  private Schedules() {}

  /** A schedule, or why there is none; {@code schedule} is null for "always awake". */
  public record Parsed(Schedule schedule, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** The schedule a spec describes; a null spec or alwaysAwake means none (always awake). */
  public static Parsed parse(ScheduleSpec spec, String path) {
    List<String> problems = new ArrayList<>();
    if (spec == null || Boolean.TRUE.equals(spec.alwaysAwake)) return new Parsed(null, problems);
    ZoneId zone = zone(spec.timeZone, path + ".timeZone", problems);
    if (spec.awake == null || spec.awake.isEmpty()) {
      problems.add(path + ".awake: at least one window is needed (or set alwaysAwake: true)");
    }
    List<Schedule.Window> windows = new ArrayList<>();
    List<AwakeWindow> awake = spec.awake == null ? List.of() : spec.awake;
    if (awake.size() > 14) problems.add(path + ".awake: at most 14 windows");
    for (int i = 0; i < awake.size(); i++) {
      window(awake.get(i), path + ".awake[" + i + "]", problems).ifPresent(windows::add);
    }
    Set<LocalDate> holidays = new TreeSet<>();
    List<String> dates = spec.holidays == null ? List.of() : spec.holidays;
    if (dates.size() > 366) problems.add(path + ".holidays: at most 366 dates");
    for (int i = 0; i < dates.size(); i++) {
      try {
        holidays.add(LocalDate.parse(dates.get(i)));
      } catch (DateTimeParseException | NullPointerException e) {
        problems.add(path + ".holidays[" + i + "]: " + dates.get(i) + " is not a date YYYY-MM-DD");
      }
    }
    if (!problems.isEmpty()) return new Parsed(null, problems);
    return new Parsed(new Schedule(zone, List.copyOf(windows), Set.copyOf(holidays)), problems);
  }

  private static ZoneId zone(String id, String path, List<String> problems) {
    if (id == null || id.isBlank()) {
      problems.add(path + ": required, an IANA time zone such as Asia/Tokyo");
      return null;
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      problems.add(path + ": " + id + " is not an IANA time zone (e.g. Asia/Tokyo, Europe/Berlin)");
      return null;
    }
  }

  private static Optional<Schedule.Window> window(
      AwakeWindow w, String path, List<String> problems) {
    int before = problems.size();
    Set<DayOfWeek> days = days(w.days, path + ".days", problems);
    LocalTime from = time(w.from, path + ".from", problems);
    boolean toMidnight = "24:00".equals(w.to);
    LocalTime to = toMidnight ? LocalTime.MIDNIGHT : time(w.to, path + ".to", problems);
    if (from != null && to != null && from.equals(to) && !toMidnight) {
      problems.add(path + ": from and to must differ");
    }
    if (problems.size() > before) return Optional.empty();
    String text = w.days + " " + w.from + "-" + w.to;
    return Optional.of(new Schedule.Window(days, from, to, toMidnight, text));
  }

  private static LocalTime time(String s, String path, List<String> problems) {
    if (s == null || !s.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      problems.add(path + ": " + s + " is not a time HH:MM between 00:00 and 23:59");
      return null;
    }
    return LocalTime.parse(s);
  }

  /** "Mon-Fri", "Sat,Sun", "Fri-Mon" (wraps). */
  static Set<DayOfWeek> days(String text, String path, List<String> problems) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    if (text == null || text.isBlank()) {
      problems.add(path + ": required, e.g. Mon-Fri");
      return days;
    }
    for (String part : text.split(",", -1)) {
      String[] ends = part.split("-", -1);
      DayOfWeek first = day(ends[0]);
      DayOfWeek last = ends.length == 2 ? day(ends[1]) : first;
      if (ends.length > 2 || first == null || last == null) {
        problems.add(path + ": " + part + " is not a day or range (Mon, Tue, … Sun; Mon-Fri)");
        continue;
      }
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) break;
      }
    }
    return days;
  }

  private static DayOfWeek day(String s) {
    for (DayOfWeek d : DayOfWeek.values()) {
      String abbr = d.name().charAt(0) + d.name().substring(1, 3).toLowerCase(Locale.ROOT);
      if (abbr.equals(s)) return d;
    }
    return null;
  }
}
