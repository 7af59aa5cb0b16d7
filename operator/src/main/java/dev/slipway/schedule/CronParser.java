package dev.slipway.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code cron(minutes hours day-of-month month day-of-week year)} with the values and
 * wildcards AWS documents for each field, and names the first thing wrong in words a person can act
 * on.
 */
final class CronParser {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Pattern NEAREST_WEEKDAY = Pattern.compile("(\\d+)W");
  private static final Pattern LAST_WEEKDAY = Pattern.compile("(\\d+|[A-Z]{3})L");
  private static final Pattern NTH_WEEKDAY = Pattern.compile("(\\d+|[A-Z]{3})#(\\d+)");

  /** One of the six fields: its name, range, names and the wildcards AWS allows in it. */
  enum Field {
    MINUTES("minutes", 0, 59, List.of(), ",-*/"),
    HOURS("hours", 0, 23, List.of(), ",-*/"),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of(), ",-*?/LW"),
    MONTH("month", 1, 12, MONTHS, ",-*/"),
    DAY_OF_WEEK("day-of-week", 1, 7, DAYS, ",-*?L#"),
    YEAR("year", 1970, 2199, List.of(), ",-*/");

    final String label;
    final int min;
    final int max;
    final List<String> names;
    final String wildcards;

    Field(String label, int min, int max, List<String> names, String wildcards) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
      this.wildcards = wildcards;
    }

    String range() {
      String numbers = min + "-" + max;
      if (this == DAY_OF_WEEK) return numbers + " (1 = SUN) or SUN-SAT";
      return names.isEmpty() ? numbers : numbers + " or " + names.get(0) + "-" + names.get(max - 1);
    }
  }

  private CronParser() {}

  static CronExpression parse(String text) {
    String inner = text.endsWith(")") ? text.substring(5, text.length() - 1).trim() : null;
    if (inner == null) {
      throw invalid(
          "expected cron(minutes hours day-of-month month day-of-week year), got " + text);
    }
    String[] parts = inner.isEmpty() ? new String[0] : inner.toUpperCase(Locale.ROOT).split("\\s+");
    if (parts.length != 6) {
      throw invalid(
          "expected 6 fields (minutes hours day-of-month month day-of-week year), found "
              + parts.length);
    }
    Field[] fields = Field.values();
    for (int i = 0; i < fields.length; i++) checkWildcards(fields[i], parts[i]);
    boolean anyDayOfMonth = parts[2].equals("?");
    boolean anyDayOfWeek = parts[4].equals("?");
    if (!anyDayOfMonth && !anyDayOfWeek) {
      throw invalid("day-of-month and day-of-week cannot both be specified; use ? in one");
    }
    if (anyDayOfMonth && anyDayOfWeek) {
      throw invalid("day-of-month and day-of-week cannot both be ?; give a value or * in one");
    }
    return new CronExpression(
        text,
        numeric(Field.MINUTES, parts[0]),
        numeric(Field.HOURS, parts[1]),
        dayOfMonth(parts[2]),
        numeric(Field.MONTH, parts[3]),
        dayOfWeek(parts[4]),
        numeric(Field.YEAR, parts[5]));
  }

  /** Refuses a wildcard the field does not take, before its values are read. */
  private static void checkWildcards(Field f, String spec) {
    for (char c : spec.toCharArray()) {
      if (",-*/?#".indexOf(c) < 0 || f.wildcards.indexOf(c) >= 0) continue;
      String where =
          switch (c) {
            case '?' -> "only allowed in day-of-month or day-of-week";
            case '#' -> "only allowed in day-of-week";
            default -> "not allowed in " + f.label;
          };
      throw invalid(f.label + ": " + c + " is " + where + " (allowed: " + allowed(f) + ")");
    }
    if (spec.contains("?") && !spec.equals("?")) {
      throw invalid(f.label + ": ? stands alone in its field");
    }
  }

  private static DayRule dayOfMonth(String spec) {
    if (spec.equals("?")) return new DayRule.Any();
    if (spec.equals("L")) return new DayRule.LastDayOfMonth();
    if (spec.equals("LW")) return new DayRule.NearestWeekday(0, true);
    Matcher w = NEAREST_WEEKDAY.matcher(spec);
    if (w.matches()) {
      return new DayRule.NearestWeekday(value(Field.DAY_OF_MONTH, w.group(1)), false);
    }
    if (spec.contains("L") || spec.contains("W")) {
      throw invalid(
          "day-of-month: L and W stand alone (L, LW, or one day such as 15W), got " + spec);
    }
    return new DayRule.MonthDays(numeric(Field.DAY_OF_MONTH, spec));
  }

  private static DayRule dayOfWeek(String spec) {
    if (spec.equals("?")) return new DayRule.Any();
    // L alone is the last day of the week, Saturday.
    if (spec.equals("L")) return new DayRule.WeekDays(numeric(Field.DAY_OF_WEEK, "7"));
    Matcher last = LAST_WEEKDAY.matcher(spec);
    if (last.matches()) {
      return new DayRule.LastWeekdayOfMonth(value(Field.DAY_OF_WEEK, last.group(1)));
    }
    Matcher nth = NTH_WEEKDAY.matcher(spec);
    if (nth.matches()) {
      int n = Integer.parseInt(nth.group(2));
      if (n < 1 || n > 5) {
        throw invalid("day-of-week: the occurrence after # must be 1-5, got " + spec);
      }
      return new DayRule.NthWeekdayOfMonth(value(Field.DAY_OF_WEEK, nth.group(1)), n);
    }
    if (spec.contains("#")) {
      throw invalid("day-of-week: # takes one day and an occurrence 1-5, e.g. 2#1, got " + spec);
    }
    // No day name contains an L, so any L left over is misplaced.
    if (spec.contains("L")) {
      throw invalid("day-of-week: L stands alone (L, or one day such as 6L), got " + spec);
    }
    return new DayRule.WeekDays(numeric(Field.DAY_OF_WEEK, spec));
  }

  /** A list of values, ranges and increments: {@code *}, {@code 5}, {@code 1-5}, {@code 0/15}. */
  static CronField numeric(Field f, String spec) {
    BitSet values = new BitSet(f.max + 1);
    for (String element : spec.split(",", -1)) {
      if (element.isEmpty()) throw invalid(f.label + ": empty value in list " + spec);
      String[] stepped = element.split("/", -1);
      if (stepped.length > 2) throw invalid(f.label + ": more than one / in " + element);
      int step = stepped.length == 2 ? step(f, stepped[1]) : 1;
      String base = stepped[0];
      int from;
      int to;
      if (base.equals("*")) {
        from = f.min;
        to = f.max;
      } else if (base.contains("-")) {
        String[] ends = base.split("-", -1);
        if (ends.length != 2) throw invalid(f.label + ": " + base + " is not a range a-b");
        from = value(f, ends[0]);
        to = value(f, ends[1]);
        if (to < from) {
          throw invalid(
              f.label
                  + ": range "
                  + base
                  + " runs backwards; list both parts instead, e.g. "
                  + ends[0]
                  + "-"
                  + f.max
                  + ","
                  + f.min
                  + "-"
                  + ends[1]);
        }
      } else {
        from = value(f, base);
        to = stepped.length == 2 ? f.max : from;
      }
      for (int v = from; v <= to; v += step) values.set(v);
    }
    return new CronField(f.min, f.max, values);
  }

  private static int step(Field f, String text) {
    if (!text.matches("\\d{1,4}") || Integer.parseInt(text) == 0) {
      throw invalid(f.label + ": the increment after / must be a positive number, got " + text);
    }
    return Integer.parseInt(text);
  }

  private static int value(Field f, String text) {
    int v;
    if (text.matches("\\d{1,4}")) {
      v = Integer.parseInt(text);
    } else if (f.names.contains(text)) {
      return f.names.indexOf(text) + 1;
    } else if (text.matches("\\d*L")) {
      throw invalid(f.label + ": L is only allowed in day-of-month or day-of-week");
    } else if (text.matches("\\d*L?W")) {
      throw invalid(f.label + ": W is only allowed in day-of-month");
    } else {
      throw invalid(f.label + ": " + text + " is not a value of " + f.range());
    }
    if (v < f.min || v > f.max) {
      throw invalid(f.label + ": " + v + " is out of range " + f.range());
    }
    return v;
  }

  private static String allowed(Field f) {
    return String.join(" ", f.wildcards.split(""));
  }

  private static InvalidScheduleException invalid(String message) {
    return new InvalidScheduleException("cron: " + message);
  }
}
