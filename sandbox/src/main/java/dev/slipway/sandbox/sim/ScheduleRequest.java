package dev.slipway.sandbox.sim;

import java.time.Instant;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;

/**
 * The fields CreateSchedule and UpdateSchedule share (an update replaces every one of them, as in
 * AWS), so that both are validated and applied by the same code.
 */
record ScheduleRequest(
    String name,
    String groupName,
    String scheduleExpression,
    String scheduleExpressionTimezone,
    Instant startDate,
    Instant endDate,
    String description,
    String state,
    String kmsKeyArn,
    Target target,
    FlexibleTimeWindow flexibleTimeWindow,
    String actionAfterCompletion,
    String clientToken) {

  static ScheduleRequest of(CreateScheduleRequest r) {
    return new ScheduleRequest(
        r.name(),
        group(r.groupName()),
        r.scheduleExpression(),
        r.scheduleExpressionTimezone(),
        r.startDate(),
        r.endDate(),
        r.description(),
        r.stateAsString(),
        r.kmsKeyArn(),
        r.target(),
        r.flexibleTimeWindow(),
        r.actionAfterCompletionAsString(),
        r.clientToken());
  }

  static ScheduleRequest of(UpdateScheduleRequest r) {
    return new ScheduleRequest(
        r.name(),
        group(r.groupName()),
        r.scheduleExpression(),
        r.scheduleExpressionTimezone(),
        r.startDate(),
        r.endDate(),
        r.description(),
        r.stateAsString(),
        r.kmsKeyArn(),
        r.target(),
        r.flexibleTimeWindow(),
        r.actionAfterCompletionAsString(),
        r.clientToken());
  }

  /** The group a request names, "default" when it names none. */
  static String group(String groupName) {
    return groupName == null ? ScheduleStore.DEFAULT_GROUP : groupName;
  }

  /** The request without its token: what a retry with the same token must repeat. */
  ScheduleRequest withoutToken() {
    return new ScheduleRequest(
        name,
        groupName,
        scheduleExpression,
        scheduleExpressionTimezone,
        startDate,
        endDate,
        description,
        state,
        kmsKeyArn,
        target,
        flexibleTimeWindow,
        actionAfterCompletion,
        null);
  }
}
