package dev.slipway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the parser accepts as AWS documents it, and the message for what it refuses. */
class ScheduleExpressionParseTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(0 3 * * ? *)",
        "cron(0/15 * * * ? *)",
        "cron(*/5 9-17 ? * MON-FRI *)",
        "cron(0 18 ? * 2-6 *)",
        "cron(0 0 L * ? *)",
        "cron(0 9 15W * ? *)",
        "cron(0 9 LW * ? *)",
        "cron(0 12 ? * 6L *)",
        "cron(0 12 ? * FRIL *)",
        "cron(0 10 ? * 2#1 *)",
        "cron(0 10 ? * MON#2 2030-2032)",
        "cron(0 10 ? * L *)",
        "cron(15 10 ? JAN,MAR,SEP WED,FRI 2030)",
        "cron(0 0 1/3 jan-jun ? *)",
        "cron(0   8  1 * ?   *)",
        "rate(1 minute)",
        "rate(5 minutes)",
        "rate(1 hour)",
        "rate(12 hours)",
        "rate(1 day)",
        "rate(7 days)",
        "at(2030-03-10T02:30:00)"
      })
  void acceptsWhatAwsDocuments(String text) {
    assertThat(ScheduleExpression.parse(text).text()).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cron(0 3 * * * *)|cron: day-of-month and day-of-week cannot both be specified; use ? in one",
        "cron(0 3 1 * MON *)|cron: day-of-month and day-of-week cannot both be specified; use ? in one",
        "cron(0 3 ? * ? *)|cron: day-of-month and day-of-week cannot both be ?; give a value or * in one",
        "cron(0 3 * * ?)|cron: expected 6 fields (minutes hours day-of-month month day-of-week year), found 5",
        "cron(0 3 * * ? * *)|cron: expected 6 fields (minutes hours day-of-month month day-of-week year), found 7",
        "cron()|cron: expected 6 fields (minutes hours day-of-month month day-of-week year), found 0",
        "cron(0 3 * * ? *|cron: expected cron(minutes hours day-of-month month day-of-week year), got cron(0 3 * * ? *",
        "cron(60 3 * * ? *)|cron: minutes: 60 is out of range 0-59",
        "cron(0 24 * * ? *)|cron: hours: 24 is out of range 0-23",
        "cron(0 3 0 * ? *)|cron: day-of-month: 0 is out of range 1-31",
        "cron(0 3 32 * ? *)|cron: day-of-month: 32 is out of range 1-31",
        "cron(0 3 * 13 ? *)|cron: month: 13 is out of range 1-12 or JAN-DEC",
        "cron(0 3 * FOO ? *)|cron: month: FOO is not a value of 1-12 or JAN-DEC",
        "cron(0 3 ? * 8 *)|cron: day-of-week: 8 is out of range 1-7 (1 = SUN) or SUN-SAT",
        "cron(0 3 ? * MOO *)|cron: day-of-week: MOO is not a value of 1-7 (1 = SUN) or SUN-SAT",
        "cron(0 3 * * ? 1969)|cron: year: 1969 is out of range 1970-2199",
        "cron(0 ? * * ? *)|cron: hours: ? is only allowed in day-of-month or day-of-week (allowed: , - * /)",
        "cron(0 L * * ? *)|cron: hours: L is only allowed in day-of-month or day-of-week",
        "cron(0 3 ? * 2W *)|cron: day-of-week: W is only allowed in day-of-month",
        "cron(0 3 1#2 * ? *)|cron: day-of-month: # is only allowed in day-of-week (allowed: , - * ? / L W)",
        "cron(0 3 ? * 1/2 *)|cron: day-of-week: / is not allowed in day-of-week (allowed: , - * ? L #)",
        "cron(0/0 3 * * ? *)|cron: minutes: the increment after / must be a positive number, got 0",
        "cron(0 22-2 * * ? *)|cron: hours: range 22-2 runs backwards; list both parts instead, e.g. 22-23,0-2",
        "cron(0 3 ? * 2#6 *)|cron: day-of-week: the occurrence after # must be 1-5, got 2#6",
        "cron(0 3 ? * 2#1,3 *)|cron: day-of-week: # takes one day and an occurrence 1-5, e.g. 2#1, got 2#1,3",
        "cron(0 3 ? * 6L,2 *)|cron: day-of-week: L stands alone (L, or one day such as 6L), got 6L,2",
        "cron(0 3 L,15 * ? *)|cron: day-of-month: L and W stand alone (L, LW, or one day such as 15W), got L,15",
        "cron(0 3 32W * ? *)|cron: day-of-month: 32 is out of range 1-31",
        "cron(0,,5 3 * * ? *)|cron: minutes: empty value in list 0,,5",
        "cron(0 3 ?,1 * ? *)|cron: day-of-month: ? stands alone in its field",
        "rate(0 minutes)|rate: value must be a positive whole number, got 0",
        "rate(-5 minutes)|rate: value must be a positive whole number, got -5",
        "rate(5 weeks)|rate: unit must be minute(s), hour(s) or day(s), got weeks",
        "rate(1 minutes)|rate: a value of 1 takes the singular unit, e.g. rate(1 minute)",
        "rate(5 hour)|rate: a value above 1 takes the plural unit, e.g. rate(5 hours)",
        "rate(5)|rate: expected rate(value unit), e.g. rate(5 minutes), got rate(5)",
        "at(2030-03-10 02:30:00)|at: expected at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-03-10T02:30:00), got at(2030-03-10 02:30:00)",
        "at(2030-02-30T02:30:00)|at: 2030-02-30T02:30:00 is not a valid date and time",
        "every day|schedule expression must be cron(...), rate(...) or at(...), got \"every day\"",
        "CRON(0 3 * * ? *)|schedule expression must be cron(...), rate(...) or at(...), got \"CRON(0 3 * * ? *)\""
      })
  void refusesWithAMessageThatSaysWhatToChange(String text, String message) {
    assertThatThrownBy(() -> ScheduleExpression.parse(text))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage(message);
  }

  @Test
  void blankAndOverlongExpressionsAreRefused() {
    assertThatThrownBy(() -> ScheduleExpression.parse(" "))
        .hasMessage("schedule expression is required: cron(...), rate(...) or at(...)");
    String longList = "cron(" + "1,".repeat(130) + "2 3 * * ? *)";
    assertThatThrownBy(() -> ScheduleExpression.parse(longList))
        .hasMessage("schedule expression is longer than 256 characters");
  }

  @Test
  void timeZonesAreIanaNames() {
    assertThat(ScheduleTimeZone.parse(null)).isEqualTo(ZoneOffset.UTC);
    assertThat(ScheduleTimeZone.parse("UTC")).isEqualTo(ZoneOffset.UTC);
    assertThat(ScheduleTimeZone.parse("Asia/Tokyo").getId()).isEqualTo("Asia/Tokyo");
    assertThatThrownBy(() -> ScheduleTimeZone.parse("+09:00"))
        .hasMessage(
            "time zone +09:00 is not an IANA time zone name (e.g. Asia/Tokyo, Europe/Berlin, UTC)");
    assertThatThrownBy(() -> ScheduleTimeZone.parse("Mars/Olympus"))
        .isInstanceOf(InvalidScheduleException.class);
  }

  @Test
  void partsAreReadBack() {
    RateExpression rate = (RateExpression) ScheduleExpression.parse("rate(15 minutes)");
    assertThat(rate.period()).isEqualTo(Duration.ofMinutes(15));
    AtExpression at = (AtExpression) ScheduleExpression.parse("at(2030-03-10T02:30:00)");
    assertThat(at.at()).isEqualTo(LocalDateTime.parse("2030-03-10T02:30:00"));
    CronExpression cron = (CronExpression) ScheduleExpression.parse("cron(30 2 ? * SUN *)");
    assertThat(cron.matches(LocalDateTime.parse("2030-03-10T02:30:00"))).isTrue();
    assertThat(cron.matches(LocalDateTime.parse("2030-03-11T02:30:00"))).isFalse();
    assertThat(cron.next(Instant.parse("2030-03-11T00:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2030-03-17T02:30:00Z"));
  }
}
