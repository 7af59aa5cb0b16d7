package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** When a staging environment is awake; outside its windows every service sleeps at zero tasks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.alwaysAwake) && self.alwaysAwake) || (has(self.timeZone) && has(self.awake))",
    message = "a schedule needs timeZone and awake windows, or alwaysAwake: true")
public class ScheduleSpec {
  /** Grammar of a day list: days or ranges, comma separated, e.g. Mon-Fri or Sat,Sun. */
  public static final String DAYS_PATTERN =
      "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(-(Mon|Tue|Wed|Thu|Fri|Sat|Sun))?"
          + "(,(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(-(Mon|Tue|Wed|Thu|Fri|Sat|Sun))?){0,6}$";

  /** Grammar of a calendar date. */
  public static final String DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

  /** Grammar of a wake-up time, 00:00 to 23:59. */
  public static final String FROM_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  /** Grammar of a local time of day, 00:00 to 24:00. */
  public static final String TIME_PATTERN = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";

  @JsonPropertyDescription(
      "IANA time zone the windows, holidays and the refresh time are read in, e.g. Asia/Tokyo or "
          + "America/New_York. Daylight saving time is followed: 08:00 stays 08:00 local.")
  @Size(min = 1, max = 64)
  @Pattern("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")
  public String timeZone;

  @JsonPropertyDescription(
      "Windows in which the environment is awake, at most 14. Outside every window it sleeps: its "
          + "ECS services are scaled to zero and their autoscaling is suspended.")
  @Size(max = 14)
  public List<AwakeWindow> awake;

  @JsonPropertyDescription(
      "Dates (YYYY-MM-DD, in timeZone) on which no window starts, so the environment stays "
          + "asleep; a window that began the day before still ends as usual. At most 366.")
  @Size(max = 366)
  public List<@Pattern(DATE_PATTERN) String> holidays;

  @JsonPropertyDescription(
      "True: never sleep. A branch environment sets it to stay awake although its shared "
          + "environment has a schedule.")
  public Boolean alwaysAwake;

  /** One awake window on some weekdays. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "self.from != self.to", message = "from and to must differ")
  public static class AwakeWindow {
    @JsonPropertyDescription(
        "Days on which the window starts: Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range such as "
            + "Mon-Fri (Fri-Mon wraps over the weekend), comma separated, e.g. Mon-Fri or Sat,Sun.")
    @Required
    @Pattern(DAYS_PATTERN)
    public String days;

    @JsonPropertyDescription("Local time the environment wakes, HH:MM, e.g. 08:00.")
    @Required
    @Pattern(FROM_PATTERN)
    public String from;

    @JsonPropertyDescription(
        "Local time it falls asleep, HH:MM (24:00 for midnight). Earlier than from: the window "
            + "crosses midnight and ends on the next day, e.g. from 20:00 to 02:00.")
    @Required
    @Pattern(TIME_PATTERN)
    public String to;
  }
}
