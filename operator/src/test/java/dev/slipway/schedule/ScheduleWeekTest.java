package dev.slipway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Schedules evaluated over a simulated week: New York and Berlin across their 2030 daylight saving
 * changes (a skipped local time is not invoked, a repeated one once), Tokyo without any.
 */
class ScheduleWeekTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  /** Slots in the local week [from, from + 7 days) of {@code zone}. */
  private static List<Instant> week(String expression, ZoneId zone, String from) {
    LocalDateTime start = LocalDateTime.parse(from);
    Instant after = start.atZone(zone).toInstant().minusNanos(1);
    Instant until = start.plusDays(7).atZone(zone).toInstant().minusNanos(1);
    return ScheduleExpression.parse(expression).slotsBetween(after, until, zone);
  }

  private static List<Instant> instants(String... utc) {
    return Stream.of(utc).map(Instant::parse).toList();
  }

  @Test
  void newYorkSkipsTheLocalTimeTheClocksJumpOver() {
    // 2030-03-10 02:00 EST becomes 03:00 EDT: 02:30 does not exist that night.
    assertThat(week("cron(30 2 * * ? *)", NEW_YORK, "2030-03-07T00:00"))
        .containsExactlyElementsOf(
            instants(
                "2030-03-07T07:30:00Z",
                "2030-03-08T07:30:00Z",
                "2030-03-09T07:30:00Z",
                "2030-03-11T06:30:00Z",
                "2030-03-12T06:30:00Z",
                "2030-03-13T06:30:00Z"));
  }

  @Test
  void newYorkWeekdayMorningsFollowTheWallClock() {
    assertThat(week("cron(0 9 ? * MON-FRI *)", NEW_YORK, "2030-03-07T00:00"))
        .containsExactlyElementsOf(
            instants(
                "2030-03-07T14:00:00Z",
                "2030-03-08T14:00:00Z",
                "2030-03-11T13:00:00Z",
                "2030-03-12T13:00:00Z",
                "2030-03-13T13:00:00Z"));
  }

  @Test
  void tokyoHasNoDaylightSavingTime() {
    assertThat(week("cron(0 9 ? * MON-FRI *)", TOKYO, "2030-03-07T00:00"))
        .containsExactlyElementsOf(
            instants(
                "2030-03-07T00:00:00Z",
                "2030-03-08T00:00:00Z",
                "2030-03-11T00:00:00Z",
                "2030-03-12T00:00:00Z",
                "2030-03-13T00:00:00Z"));
    List<Instant> nightly = week("cron(30 2 * * ? *)", TOKYO, "2030-03-07T00:00");
    assertThat(nightly).hasSize(7).first().isEqualTo(Instant.parse("2030-03-06T17:30:00Z"));
    assertThat(week("cron(0/10 * * * ? *)", TOKYO, "2030-03-07T00:00")).hasSize(7 * 24 * 6);
  }

  @Test
  void newYorkRunsARepeatedLocalTimeOnlyOnce() {
    // 2030-11-03 02:00 EDT becomes 01:00 EST: 01:30 happens twice, the schedule runs once.
    assertThat(week("cron(30 1 * * ? *)", NEW_YORK, "2030-11-01T00:00"))
        .containsExactlyElementsOf(
            instants(
                "2030-11-01T05:30:00Z",
                "2030-11-02T05:30:00Z",
                "2030-11-03T05:30:00Z",
                "2030-11-04T06:30:00Z",
                "2030-11-05T06:30:00Z",
                "2030-11-06T06:30:00Z",
                "2030-11-07T06:30:00Z"));
    ScheduleExpression halfHourly = ScheduleExpression.parse("cron(0/30 * * * ? *)");
    assertThat(
            halfHourly.slotsBetween(
                Instant.parse("2030-11-03T03:59:00Z"),
                Instant.parse("2030-11-03T08:00:00Z"),
                NEW_YORK))
        .containsExactlyElementsOf(
            instants(
                "2030-11-03T04:00:00Z",
                "2030-11-03T04:30:00Z",
                "2030-11-03T05:00:00Z",
                "2030-11-03T05:30:00Z",
                "2030-11-03T07:00:00Z",
                "2030-11-03T07:30:00Z",
                "2030-11-03T08:00:00Z"));
    // Asked from inside the second pass of the repeated hour, the next slot is after it.
    assertThat(halfHourly.next(Instant.parse("2030-11-03T06:15:00Z"), NEW_YORK))
        .contains(Instant.parse("2030-11-03T07:00:00Z"));
  }

  @Test
  void berlinQuarterHoursStayQuarterHoursAcrossTheJump() {
    // 2030-03-31 02:00 CET becomes 03:00 CEST: local 02:xx is skipped, UTC has no gap.
    List<Instant> slots =
        ScheduleExpression.parse("cron(*/15 * * * ? *)")
            .slotsBetween(
                Instant.parse("2030-03-30T23:59:00Z"),
                Instant.parse("2030-03-31T01:30:00Z"),
                BERLIN);
    assertThat(slots)
        .containsExactlyElementsOf(
            instants(
                "2030-03-31T00:00:00Z",
                "2030-03-31T00:15:00Z",
                "2030-03-31T00:30:00Z",
                "2030-03-31T00:45:00Z",
                "2030-03-31T01:00:00Z",
                "2030-03-31T01:15:00Z",
                "2030-03-31T01:30:00Z"));
    assertThat(week("cron(0 2 * * ? *)", BERLIN, "2030-03-28T00:00")).hasSize(6);
    assertThat(week("cron(0 3 * * ? *)", BERLIN, "2030-03-28T00:00")).hasSize(7);
  }

  @Test
  void rateDaysAreTwentyFourHoursWhateverTheClocksDo() {
    RateExpression daily =
        ((RateExpression) ScheduleExpression.parse("rate(1 day)"))
            .anchoredAt(Instant.parse("2030-03-09T12:00:00Z"));
    assertThat(
            daily.slotsBetween(
                Instant.parse("2030-03-09T00:00:00Z"),
                Instant.parse("2030-03-11T12:00:00Z"),
                NEW_YORK))
        .containsExactlyElementsOf(
            instants("2030-03-09T12:00:00Z", "2030-03-10T12:00:00Z", "2030-03-11T12:00:00Z"));
    assertThat(daily.next(Instant.parse("2030-03-10T12:00:00Z"), TOKYO))
        .contains(Instant.parse("2030-03-11T12:00:00Z"));
  }

  @Test
  void atFiresOnceAndASkippedLocalTimeMovesForward() {
    ScheduleExpression at = ScheduleExpression.parse("at(2030-03-10T02:30:00)");
    Instant before = Instant.parse("2030-03-01T00:00:00Z");
    assertThat(at.next(before, TOKYO)).contains(Instant.parse("2030-03-09T17:30:00Z"));
    assertThat(at.next(before, NEW_YORK)).contains(Instant.parse("2030-03-10T07:30:00Z"));
    assertThat(at.next(Instant.parse("2030-03-10T07:30:00Z"), NEW_YORK)).isEmpty();
  }

  @Test
  void lastNearestAndNthDays() {
    Instant march = Instant.parse("2030-03-01T00:00:00Z");
    ZoneId utc = ZoneId.of("UTC");
    assertThat(next("cron(0 12 ? * 6L *)", march, utc)).isEqualTo("2030-03-29T12:00:00Z");
    assertThat(next("cron(0 12 ? * L *)", march, utc)).isEqualTo("2030-03-02T12:00:00Z");
    assertThat(next("cron(0 10 ? * 2#1 *)", Instant.parse("2030-03-05T00:00:00Z"), utc))
        .isEqualTo("2030-04-01T10:00:00Z");
    assertThat(next("cron(0 0 L * ? *)", Instant.parse("2030-02-01T00:00:00Z"), utc))
        .isEqualTo("2030-02-28T00:00:00Z");
    assertThat(next("cron(0 9 LW * ? *)", march, utc)).isEqualTo("2030-03-29T09:00:00Z");
    // 1 June 2030 is a Saturday: the nearest weekday in June is Monday the 3rd.
    assertThat(next("cron(0 9 1W * ? *)", Instant.parse("2030-05-02T00:00:00Z"), utc))
        .isEqualTo("2030-06-03T09:00:00Z");
    // 30 June 2030 is a Sunday and the month's last day: Friday the 28th.
    assertThat(next("cron(0 9 30W 6 ? *)", march, utc)).isEqualTo("2030-06-28T09:00:00Z");
    assertThat(next("cron(0 0 29 2 ? *)", march, utc)).isEqualTo("2032-02-29T00:00:00Z");
    assertThat(ScheduleExpression.parse("cron(0 0 31 2 ? *)").next(march, utc)).isEmpty();
    assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2030)").next(march, utc)).isEmpty();
  }

  private static String next(String expression, Instant after, ZoneId zone) {
    return ScheduleExpression.parse(expression).next(after, zone).orElseThrow().toString();
  }
}
