package dev.slipway.environment.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.ScheduleSpec.AwakeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Simulated weeks, minute by minute: every instant the state flips is compared with a list written
 * by hand from a calendar, in Tokyo (a window across midnight, a holiday) and in New York across
 * the start of daylight saving time.
 */
class ScheduleTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void tokyoWeekWithAWindowAcrossMidnightAndAHoliday() {
    Schedule s =
        schedule(
            "Asia/Tokyo",
            List.of("2026-12-31"),
            window("Mon-Fri", "08:00", "21:00"),
            window("Sat", "22:00", "02:00"));

    List<String> flips =
        flips(s, at(TOKYO, "2026-12-28T00:00"), at(TOKYO, "2027-01-04T00:00"), null, TOKYO);

    assertThat(flips)
        .containsExactly(
            "2026-12-28T08:00 wake",
            "2026-12-28T21:00 sleep",
            "2026-12-29T08:00 wake",
            "2026-12-29T21:00 sleep",
            "2026-12-30T08:00 wake",
            "2026-12-30T21:00 sleep",
            // Thursday 31 December is a holiday.
            "2027-01-01T08:00 wake",
            "2027-01-01T21:00 sleep",
            "2027-01-02T22:00 wake",
            "2027-01-03T02:00 sleep");
  }

  @Test
  void newYorkAcrossTheStartOfDaylightSavingTime() {
    // 2027-03-14 02:00 EST becomes 03:00 EDT.
    Schedule s =
        schedule(
            "America/New_York",
            List.of(),
            window("Mon-Fri", "08:00", "21:00"),
            window("Sat", "23:00", "03:00"));

    List<Instant> instants = new ArrayList<>();
    List<String> flips =
        flips(
            s,
            at(NEW_YORK, "2027-03-12T00:00"),
            at(NEW_YORK, "2027-03-16T00:00"),
            instants,
            NEW_YORK);

    assertThat(flips)
        .containsExactly(
            "2027-03-12T08:00 wake",
            "2027-03-12T21:00 sleep",
            "2027-03-13T23:00 wake",
            "2027-03-14T03:00 sleep",
            "2027-03-15T08:00 wake",
            "2027-03-15T21:00 sleep");
    assertThat(instants)
        .containsExactly(
            Instant.parse("2027-03-12T13:00:00Z"),
            Instant.parse("2027-03-13T02:00:00Z"),
            Instant.parse("2027-03-14T04:00:00Z"),
            // The night across the change is an hour shorter: 03:00 EDT is 07:00 UTC.
            Instant.parse("2027-03-14T07:00:00Z"),
            Instant.parse("2027-03-15T12:00:00Z"),
            Instant.parse("2027-03-16T01:00:00Z"));
  }

  @Test
  void nextTransitionIsTheExactInstantOfTheNextFlip() {
    Schedule s = schedule("Asia/Tokyo", List.of("2026-12-31"), window("Mon-Fri", "08:00", "21:00"));

    PowerState wed = s.at(at(TOKYO, "2026-12-30T21:00"), null);
    assertThat(wed.awake()).isFalse();
    assertThat(wed.nextTransition()).isEqualTo(at(TOKYO, "2027-01-01T08:00"));

    PowerState holiday = s.at(at(TOKYO, "2026-12-31T10:00"), null);
    assertThat(holiday.awake()).isFalse();
    assertThat(holiday.reason()).isEqualTo("Holiday");
    assertThat(holiday.message()).contains("2026-12-31");

    PowerState fri = s.at(at(TOKYO, "2027-01-01T12:34"), null);
    assertThat(fri.awake()).isTrue();
    assertThat(fri.reason()).isEqualTo("Window");
    assertThat(fri.nextTransition()).isEqualTo(at(TOKYO, "2027-01-01T21:00"));
  }

  @Test
  void onDemandWakeLastsUntilItsTimeAndThenTheScheduleResumes() {
    Schedule s = schedule("Asia/Tokyo", List.of(), window("Mon-Fri", "08:00", "21:00"));
    Instant saturdayNoon = at(TOKYO, "2027-01-02T12:00");
    Instant until = at(TOKYO, "2027-01-02T15:00");

    PowerState woken = s.at(saturdayNoon, until);
    assertThat(woken.awake()).isTrue();
    assertThat(woken.reason()).isEqualTo("WakeUntil");
    assertThat(woken.nextTransition()).isEqualTo(until);

    PowerState expired = s.at(until, until);
    assertThat(expired.awake()).isFalse();
    assertThat(expired.nextTransition()).isEqualTo(at(TOKYO, "2027-01-04T08:00"));

    // Inside a window, a wake-until that ends earlier changes nothing; one that ends later extends.
    Instant friday = at(TOKYO, "2027-01-01T20:00");
    assertThat(s.at(friday, at(TOKYO, "2027-01-01T18:00")).nextTransition())
        .isEqualTo(at(TOKYO, "2027-01-01T21:00"));
    assertThat(s.at(friday, at(TOKYO, "2027-01-01T23:30")).nextTransition())
        .isEqualTo(at(TOKYO, "2027-01-01T23:30"));
    assertThat(s.at(at(TOKYO, "2027-01-01T23:30"), at(TOKYO, "2027-01-01T23:30")).awake())
        .isFalse();
  }

  @Test
  void touchingAndOverlappingWindowsAreOneStretch() {
    Schedule s =
        schedule(
            "Asia/Tokyo",
            List.of(),
            window("Mon", "11:00", "21:00"),
            window("Mon", "08:00", "12:00"),
            window("Mon", "21:00", "24:00"));

    PowerState monday = s.at(at(TOKYO, "2027-01-04T09:00"), null);
    assertThat(monday.nextTransition()).isEqualTo(at(TOKYO, "2027-01-05T00:00"));
  }

  @Test
  void refreshSlotsFallOnDaysAWindowStarts() {
    Schedule s = schedule("Asia/Tokyo", List.of("2026-12-31"), window("Mon-Fri", "08:00", "21:00"));
    LocalTime six = LocalTime.of(6, 0);

    assertThat(s.lastRefreshSlot(at(TOKYO, "2027-01-04T07:00"), six))
        .contains(at(TOKYO, "2027-01-04T06:00"));
    assertThat(s.lastRefreshSlot(at(TOKYO, "2027-01-04T05:59"), six))
        .as("not the weekend: the last slot before Monday 06:00 is Friday's")
        .contains(at(TOKYO, "2027-01-01T06:00"));
    assertThat(s.nextRefreshSlot(at(TOKYO, "2026-12-30T07:00"), six))
        .as("the holiday has no refresh")
        .contains(at(TOKYO, "2027-01-01T06:00"));
  }

  @Test
  void problemsAreNamedWithTheirPath() {
    ScheduleSpec spec = new ScheduleSpec();
    spec.timeZone = "Asia/Tokio";
    spec.awake = List.of(window("Mon-Fry", "08:00", "21:00"), window("Sat", "25:00", "08:00"));
    spec.holidays = List.of("2026-02-30");

    assertThat(Schedules.parse(spec, "spec.schedule").problems())
        .containsExactly(
            "spec.schedule.timeZone: Asia/Tokio is not an IANA time zone (e.g. Asia/Tokyo,"
                + " Europe/Berlin)",
            "spec.schedule.awake[0].days: Mon-Fry is not a day or range (Mon, Tue, … Sun; Mon-Fri)",
            "spec.schedule.awake[1].from: 25:00 is not a time HH:MM between 00:00 and 23:59",
            "spec.schedule.holidays[0]: 2026-02-30 is not a date YYYY-MM-DD");
    ScheduleSpec always = new ScheduleSpec();
    always.alwaysAwake = true;
    assertThat(Schedules.parse(always, "spec.schedule").schedule()).isNull();
    assertThat(Schedules.parse(always, "spec.schedule").valid()).isTrue();
  }

  @Test
  void daysWrapAroundTheWeekend() {
    List<String> problems = new ArrayList<>();
    assertThat(Schedules.days("Fri-Mon", "d", problems))
        .containsExactlyInAnyOrder(
            java.time.DayOfWeek.FRIDAY,
            java.time.DayOfWeek.SATURDAY,
            java.time.DayOfWeek.SUNDAY,
            java.time.DayOfWeek.MONDAY);
    assertThat(problems).isEmpty();
  }

  /** "local-time wake|sleep" for each flip, scanning minute by minute; instants collected too. */
  private static List<String> flips(
      Schedule s, Instant from, Instant to, List<Instant> instants, ZoneId zone) {
    List<String> out = new ArrayList<>();
    boolean awake = s.at(from, null).awake();
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
      PowerState state = s.at(t, null);
      if (state.awake() != awake) {
        out.add(LocalDateTime.ofInstant(t, zone).toString() + (state.awake() ? " wake" : " sleep"));
        if (instants != null) instants.add(t);
        awake = state.awake();
      }
    }
    return out;
  }

  private static Schedule schedule(String zone, List<String> holidays, AwakeWindow... windows) {
    ScheduleSpec spec = new ScheduleSpec();
    spec.timeZone = zone;
    spec.awake = List.of(windows);
    spec.holidays = holidays;
    Schedules.Parsed parsed = Schedules.parse(spec, "spec.schedule");
    assertThat(parsed.problems()).isEmpty();
    return parsed.schedule();
  }

  private static AwakeWindow window(String days, String from, String to) {
    AwakeWindow w = new AwakeWindow();
    w.days = days;
    w.from = from;
    w.to = to;
    return w;
  }

  private static Instant at(ZoneId zone, String local) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }
}
