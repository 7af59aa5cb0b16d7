package dev.slipway.sandbox.sim;

import dev.slipway.schedule.InvalidScheduleException;
import dev.slipway.schedule.ScheduleExpression;
import dev.slipway.schedule.ScheduleTimeZone;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import software.amazon.awssdk.services.scheduler.model.EcsParameters;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * The checks CreateSchedule and UpdateSchedule make before anything is stored: AWS's field
 * constraints, and the schedule expression and time zone read by the same parser the operator
 * validates ScheduledTasks with (one rule, one place).
 */
final class ScheduleValidation {
  static final String NAME_PATTERN = "^[0-9a-zA-Z-_.]+$";
  private static final String ROLE_PATTERN = "^arn:aws(-[a-z]+)?:iam::\\d{12}:role/[\\w+=,.@/-]+$";
  private static final String QUEUE_PATTERN =
      "^(arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+)$";
  private static final Set<String> STATES = Set.of("ENABLED", "DISABLED");
  private static final Set<String> ACTIONS = Set.of("NONE", "DELETE");

  /** The expression and zone of a valid request. */
  record Checked(ScheduleExpression expression, ZoneId zone) {}

  private ScheduleValidation() {}

  static void name(String field, String value) {
    if (value == null || value.isEmpty() || value.length() > 64) {
      throw SchedulerErrors.constraint(
          field, value, "Member must have length between 1 and 64 inclusive");
    }
    if (!value.matches(NAME_PATTERN)) {
      throw SchedulerErrors.constraint(
          field, value, "Member must satisfy regular expression pattern: " + NAME_PATTERN);
    }
  }

  static Checked check(ScheduleRequest r, Instant now) {
    name("name", r.name());
    name("groupName", r.groupName());
    if (r.description() != null && r.description().length() > 512) {
      throw SchedulerErrors.constraint(
          "description", r.description(), "Member must have length less than or equal to 512");
    }
    if (r.state() != null && !STATES.contains(r.state())) {
      throw SchedulerErrors.constraint(
          "state", r.state(), "Member must satisfy enum value set: [ENABLED, DISABLED]");
    }
    if (r.actionAfterCompletion() != null && !ACTIONS.contains(r.actionAfterCompletion())) {
      throw SchedulerErrors.constraint(
          "actionAfterCompletion",
          r.actionAfterCompletion(),
          "Member must satisfy enum value set: [NONE, DELETE]");
    }
    window(r.flexibleTimeWindow());
    target(r.target());
    dates(r.startDate(), r.endDate(), now);
    return new Checked(expression(r.scheduleExpression()), zone(r.scheduleExpressionTimezone()));
  }

  private static ScheduleExpression expression(String text) {
    if (text == null) {
      throw SchedulerErrors.constraint("scheduleExpression", null, "Member must not be null");
    }
    try {
      return ScheduleExpression.parse(text);
    } catch (InvalidScheduleException e) {
      throw SchedulerErrors.validation(
          "Invalid Schedule Expression " + text + ". " + e.getMessage());
    }
  }

  private static ZoneId zone(String id) {
    try {
      return ScheduleTimeZone.parse(id);
    } catch (InvalidScheduleException e) {
      throw SchedulerErrors.validation("Invalid Schedule Expression Timezone " + id + ".");
    }
  }

  private static void dates(Instant start, Instant end, Instant now) {
    if (end != null && !end.isAfter(now)) {
      throw SchedulerErrors.validation("The EndDate must be in the future.");
    }
    if (start != null && end != null && !start.isBefore(end)) {
      throw SchedulerErrors.validation("The StartDate must come before the EndDate.");
    }
  }

  private static void window(FlexibleTimeWindow w) {
    if (w == null || w.mode() == null) {
      throw SchedulerErrors.constraint(
          w == null ? "flexibleTimeWindow" : "flexibleTimeWindow.mode",
          null,
          "Member must not be null");
    }
    Integer minutes = w.maximumWindowInMinutes();
    switch (w.modeAsString()) {
      case "OFF" -> {
        if (minutes != null) {
          throw SchedulerErrors.validation(
              "MaximumWindowInMinutes must not be set when the FlexibleTimeWindow Mode is OFF.");
        }
      }
      case "FLEXIBLE" -> {
        if (minutes == null || minutes < 1 || minutes > 1440) {
          throw SchedulerErrors.constraint(
              "flexibleTimeWindow.maximumWindowInMinutes",
              minutes,
              "Member must be between 1 and 1440 when Mode is FLEXIBLE");
        }
      }
      default ->
          throw SchedulerErrors.constraint(
              "flexibleTimeWindow.mode",
              w.modeAsString(),
              "Member must satisfy enum value set: [OFF, FLEXIBLE]");
    }
  }

  private static void target(Target t) {
    if (t == null) throw SchedulerErrors.constraint("target", null, "Member must not be null");
    if (t.arn() == null || t.arn().isEmpty() || t.arn().length() > 1600) {
      throw SchedulerErrors.constraint(
          "target.arn", t.arn(), "Member must have length between 1 and 1600 inclusive");
    }
    if (t.roleArn() == null || !t.roleArn().matches(ROLE_PATTERN)) {
      throw SchedulerErrors.constraint(
          "target.roleArn",
          t.roleArn(),
          "Member must satisfy regular expression pattern: " + ROLE_PATTERN);
    }
    RetryPolicy retry = t.retryPolicy();
    if (retry != null) {
      range(
          "target.retryPolicy.maximumEventAgeInSeconds",
          retry.maximumEventAgeInSeconds(),
          60,
          86400);
      range("target.retryPolicy.maximumRetryAttempts", retry.maximumRetryAttempts(), 0, 185);
    }
    if (t.deadLetterConfig() != null
        && (t.deadLetterConfig().arn() == null
            || !t.deadLetterConfig().arn().matches(QUEUE_PATTERN))) {
      throw SchedulerErrors.constraint(
          "target.deadLetterConfig.arn",
          t.deadLetterConfig().arn(),
          "Member must satisfy regular expression pattern: " + QUEUE_PATTERN);
    }
    EcsParameters ecs = t.ecsParameters();
    if (ecs != null) {
      if (ecs.taskDefinitionArn() == null || ecs.taskDefinitionArn().isEmpty()) {
        throw SchedulerErrors.constraint(
            "target.ecsParameters.taskDefinitionArn", null, "Member must not be null");
      }
      range("target.ecsParameters.taskCount", ecs.taskCount(), 1, 10);
    }
  }

  private static void range(String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      String constraint =
          min == 0
              ? "Member must have value less than or equal to " + max
              : "Member must have value between " + min + " and " + max;
      throw SchedulerErrors.constraint(field, value, constraint);
    }
  }
}
