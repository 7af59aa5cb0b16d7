package dev.slipway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random cron expressions, built together with a model of what they mean, checked against a
 * brute-force evaluator that walks the timeline minute by minute: next() finds exactly the first
 * minute whose local time matches (on its first occurrence when the clocks repeat it) and never
 * goes backwards.
 */
class CronPropertyTest {
  /** How far the brute force looks; a slot beyond it only has to be beyond it for next() too. */
  private static final Duration WINDOW = Duration.ofDays(4);

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** One field as text and the values it means. */
  record Field(String text, Set<Integer> values) {}

  /** A whole expression as text and, independently of the parser, what it matches. */
  record Spec(String text, Field minutes, Field hours, Field months, Field years, DayModel day) {
    boolean matches(LocalDateTime t) {
      return minutes.values.contains(t.getMinute())
          && hours.values.contains(t.getHour())
          && months.values.contains(t.getMonthValue())
          && years.values.contains(t.getYear())
          && day.test().test(t.toLocalDate());
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The day-of-month and day-of-week fields (one of them ?) and the dates they allow. */
  record DayModel(String dayOfMonth, String dayOfWeek, Predicate<LocalDate> test) {}

  @Property(tries = 200)
  void nextMatchesBruteForceAndOnlyMovesForward(
      @ForAll("crons") Spec spec, @ForAll("moments") Moment moment) {
    ScheduleExpression cron = ScheduleExpression.parse(spec.text());
    ZoneId zone = moment.zone();
    Instant after = moment.start();
    for (int i = 0; i < 12; i++) {
      Optional<Instant> expected = bruteForce(spec, zone, after);
      Optional<Instant> actual = cron.next(after, zone);
      Statistics.label("slot within the window").collect(expected.isPresent());
      Statistics.label("moment")
          .collect(zone.getId() + " " + moment.start().toString().substring(0, 10));
      Statistics.label("slot in a repeated hour")
          .collect(
              expected.isPresent()
                  && zone.getRules()
                          .getValidOffsets(LocalDateTime.ofInstant(expected.get(), zone))
                          .size()
                      == 2);
      if (expected.isPresent()) {
        assertThat(actual).as("%s in %s after %s", spec, zone, after).contains(expected.get());
      } else if (actual.isPresent()) {
        assertThat(actual.get()).as("%s beyond the window", spec).isAfter(after.plus(WINDOW));
      }
      if (actual.isEmpty()) return;
      assertThat(actual.get()).isAfter(after);
      after = actual.get();
    }
  }

  /** The first minute after {@code after} whose local time matches, within the window. */
  private static Optional<Instant> bruteForce(Spec spec, ZoneId zone, Instant after) {
    Instant t = after.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    for (Instant end = after.plus(WINDOW); !t.isAfter(end); t = t.plusSeconds(60)) {
      LocalDateTime local = LocalDateTime.ofInstant(t, zone);
      boolean firstOccurrence =
          zone.getRules().getValidOffsets(local).get(0).equals(zone.getRules().getOffset(t));
      if (firstOccurrence && spec.matches(local)) return Optional.of(t);
    }
    return Optional.empty();
  }

  /** Where and from when next() is asked. */
  record Moment(ZoneId zone, Instant start) {}

  /** Two times in three within hours of one of the zone's 2030 clock changes, if it has any. */
  @Provide
  Arbitrary<Moment> moments() {
    Arbitrary<ZoneId> zones =
        Arbitraries.of(
                "UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Lord_Howe")
            .map(ZoneId::of);
    Arbitrary<Long> nearby = Arbitraries.longs().between(-3 * 3600, 3600);
    Arbitrary<Long> anywhere = Arbitraries.longs().between(0, 2 * 365 * 86_400L);
    return Combinators.combine(zones, Arbitraries.of(0, 1, 2), nearby, anywhere)
        .as(
            (zone, pick, offset, seconds) -> {
              Instant year = Instant.parse("2030-01-01T00:00:00Z");
              var first = zone.getRules().nextTransition(year);
              if (pick == 0 || first == null) return new Moment(zone, year.plusSeconds(seconds));
              var change = pick == 1 ? first : zone.getRules().nextTransition(first.getInstant());
              return new Moment(zone, change.getInstant().plusSeconds(offset));
            });
  }

  @Provide
  Arbitrary<Spec> crons() {
    return Combinators.combine(
            numeric(0, 59, List.of()),
            numeric(0, 23, List.of()),
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(all(1, 12, "*"))),
                Tuple.of(1, numeric(1, 12, MONTHS))),
            years(),
            days())
        .as(
            (minutes, hours, months, years, day) ->
                new Spec(
                    "cron("
                        + String.join(
                            " ",
                            minutes.text,
                            hours.text,
                            day.dayOfMonth(),
                            months.text,
                            day.dayOfWeek(),
                            years.text)
                        + ")",
                    minutes,
                    hours,
                    months,
                    years,
                    day));
  }

  private static Arbitrary<Field> years() {
    return Arbitraries.of(
        all(1970, 2199, "*"),
        all(1970, 2199, "*"),
        new Field("2030", Set.of(2030)),
        new Field("2030-2031", Set.of(2030, 2031)),
        new Field("2031/2", stepped(2031, 2199, 2)),
        new Field("2029", Set.of(2029)),
        new Field("2031,2033", Set.of(2031, 2033)));
  }

  private static Arbitrary<Field> numeric(int min, int max, List<String> names) {
    return numeric(min, max, names, true);
  }

  /** A numeric field: *, a value, a range, start/step, * /step (where allowed) or a list. */
  private static Arbitrary<Field> numeric(
      int min, int max, List<String> names, boolean increments) {
    Arbitrary<Integer> v = Arbitraries.integers().between(min, max);
    Arbitrary<Integer> step = Arbitraries.integers().between(1, Math.max(1, (max - min) / 2));
    Arbitrary<Field> stepped =
        Arbitraries.oneOf(
            Combinators.combine(v, step).as((a, s) -> new Field(a + "/" + s, stepped(a, max, s))),
            step.map(s -> new Field("*/" + s, stepped(min, max, s))));
    Arbitrary<Field> whole = Arbitraries.just(all(min, max, "*"));
    return Arbitraries.oneOf(
        increments ? stepped : whole,
        whole,
        v.map(a -> new Field(name(a, names), Set.of(a))),
        Combinators.combine(v, v)
            .as(
                (a, b) ->
                    new Field(
                        name(Math.min(a, b), names) + "-" + name(Math.max(a, b), names),
                        stepped(Math.min(a, b), Math.max(a, b), 1))),
        v.list()
            .ofMinSize(2)
            .ofMaxSize(4)
            .map(
                list ->
                    new Field(
                        list.stream().map(String::valueOf).collect(Collectors.joining(",")),
                        Set.copyOf(list))));
  }

  /** The two day fields: one is ?, the other a plain field or one of the L, W and # forms. */
  private static Arbitrary<DayModel> days() {
    Arbitrary<DayModel> byMonthDay =
        Arbitraries.oneOf(
            numeric(1, 31, List.of())
                .map(f -> new DayModel(f.text, "?", d -> f.values.contains(d.getDayOfMonth()))),
            Arbitraries.just(new DayModel("L", "?", d -> d.getDayOfMonth() == d.lengthOfMonth())),
            Arbitraries.just(new DayModel("LW", "?", d -> d.equals(lastWeekday(d)))),
            Arbitraries.integers()
                .between(1, 31)
                .map(n -> new DayModel(n + "W", "?", d -> d.equals(nearestWeekday(d, n)))));
    Arbitrary<DayModel> byWeekDay =
        Arbitraries.oneOf(
            numeric(1, 7, DAYS, false)
                .map(f -> new DayModel("?", f.text, d -> f.values.contains(cronDay(d)))),
            Arbitraries.just(new DayModel("?", "L", d -> d.getDayOfWeek() == DayOfWeek.SATURDAY)),
            Arbitraries.integers()
                .between(1, 7)
                .map(
                    n ->
                        new DayModel(
                            "?",
                            n + "L",
                            d -> cronDay(d) == n && d.getDayOfMonth() + 7 > d.lengthOfMonth())),
            Combinators.combine(
                    Arbitraries.integers().between(1, 7), Arbitraries.integers().between(1, 5))
                .as(
                    (n, k) ->
                        new DayModel(
                            "?",
                            n + "#" + k,
                            d -> cronDay(d) == n && (d.getDayOfMonth() + 6) / 7 == k)));
    // Every day half the time, so that slots fall near the clock changes often enough.
    DayModel everyDay = new DayModel("*", "?", d -> true);
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(everyDay)), Tuple.of(1, byMonthDay), Tuple.of(1, byWeekDay));
  }

  private static int cronDay(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : d.getDayOfWeek().getValue() + 1;
  }

  private static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static LocalDate lastWeekday(LocalDate d) {
    LocalDate t = d.withDayOfMonth(d.lengthOfMonth());
    while (weekend(t)) t = t.minusDays(1);
    return t;
  }

  /** The weekday closest to day n of d's month, looking at most two days away, never outside. */
  private static LocalDate nearestWeekday(LocalDate d, int n) {
    if (n > d.lengthOfMonth()) return null;
    LocalDate day = d.withDayOfMonth(n);
    for (int distance = 0; distance <= 2; distance++) {
      for (int sign : new int[] {-1, 1}) {
        LocalDate t = day.plusDays((long) sign * distance);
        if (t.getMonth() == day.getMonth() && !weekend(t)) return t;
      }
    }
    throw new AssertionError("no weekday near " + day);
  }

  private static Field all(int min, int max, String text) {
    return new Field(text, stepped(min, max, 1));
  }

  private static Set<Integer> stepped(int from, int to, int step) {
    Set<Integer> values = new TreeSet<>();
    for (int v = from; v <= to; v += step) values.add(v);
    return values;
  }

  private static String name(int value, List<String> names) {
    // Names and numbers mean the same; use the name for every other value to cover both.
    return !names.isEmpty() && value % 2 == 0 ? names.get(value - 1) : String.valueOf(value);
  }
}
