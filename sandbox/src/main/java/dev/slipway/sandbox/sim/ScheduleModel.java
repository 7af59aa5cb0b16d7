package dev.slipway.sandbox.sim;

import dev.slipway.schedule.RateExpression;
import dev.slipway.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * One EventBridge Scheduler schedule: what was asked for, and the cursor up to which its slots have
 * been taken (each slot is taken once, whether it then fires or the schedule was disabled).
 */
final class ScheduleModel {
  /**
   * How far back slots are taken when the clock jumped: a month covers any test or demo, while a
   * jump of a year on a minutely schedule would otherwise start half a million tasks in one go.
   */
  static final Duration MAX_CATCH_UP = Duration.ofDays(31);

  final String name;
  final String group;
  final String arn;
  final Instant creationDate;
  private ScheduleRequest request;
  private ScheduleExpression expression;
  private ZoneId zone;
  private Instant lastModificationDate;
  private Instant cursor;

  ScheduleModel(String arn, ScheduleRequest r, ScheduleValidation.Checked checked, Instant now) {
    this.name = r.name();
    this.group = r.groupName();
    this.arn = arn;
    this.creationDate = now;
    // A rate fires at its anchor, so the creation instant itself is still to come.
    this.cursor = now.minusNanos(1);
    apply(r, checked, now);
  }

  /** Replaces every field, as UpdateSchedule does; slots before now are not revisited. */
  void update(ScheduleRequest r, ScheduleValidation.Checked checked, Instant now) {
    apply(r, checked, now);
    cursor = now;
  }

  private void apply(ScheduleRequest r, ScheduleValidation.Checked checked, Instant now) {
    this.request = r.withoutToken();
    this.zone = checked.zone();
    // AWS anchors a rate at StartDate, else at creation; an update keeps the anchor.
    this.expression =
        checked.expression() instanceof RateExpression rate
            ? rate.anchoredAt(r.startDate() != null ? r.startDate() : creationDate)
            : checked.expression();
    this.lastModificationDate = now;
  }

  boolean enabled() {
    return !"DISABLED".equals(request.state());
  }

  boolean deleteAfterCompletion() {
    return "DELETE".equals(request.actionAfterCompletion());
  }

  Target target() {
    return request.target();
  }

  /** The slots in (cursor, now] within the start and end dates; moves the cursor to now. */
  List<Instant> takeDue(Instant now) {
    if (!now.isAfter(cursor)) return List.of();
    Instant from = cursor.isBefore(now.minus(MAX_CATCH_UP)) ? now.minus(MAX_CATCH_UP) : cursor;
    cursor = now;
    return expression.slotsBetween(from, now, zone).stream().filter(this::withinDates).toList();
  }

  /** Whether no slot will ever come again (a one-time schedule that fired, an end date passed). */
  boolean finished() {
    Optional<Instant> next = expression.next(cursor, zone);
    return next.isEmpty() || request.endDate() != null && next.get().isAfter(request.endDate());
  }

  /**
   * When a slot's invocation happens: at the slot, or within a flexible window at an offset that is
   * random-looking but a pure function of the schedule and the slot (reruns agree).
   */
  Instant invokeAt(Instant slot) {
    FlexibleTimeWindow w = request.flexibleTimeWindow();
    if (!"FLEXIBLE".equals(w.modeAsString())) return slot;
    long seconds = w.maximumWindowInMinutes() * 60L;
    return slot.plusSeconds(Math.floorMod(Objects.hash(arn, slot), seconds));
  }

  private boolean withinDates(Instant slot) {
    return (request.startDate() == null || !slot.isBefore(request.startDate()))
        && (request.endDate() == null || !slot.isAfter(request.endDate()));
  }

  GetScheduleResponse toGet() {
    return GetScheduleResponse.builder()
        .arn(arn)
        .name(name)
        .groupName(group)
        .scheduleExpression(request.scheduleExpression())
        .scheduleExpressionTimezone(request.scheduleExpressionTimezone())
        .startDate(request.startDate())
        .endDate(request.endDate())
        .description(request.description())
        .state(enabled() ? "ENABLED" : "DISABLED")
        .kmsKeyArn(request.kmsKeyArn())
        .target(withDefaults(request.target()))
        .flexibleTimeWindow(request.flexibleTimeWindow())
        .actionAfterCompletion(
            request.actionAfterCompletion() == null ? "NONE" : request.actionAfterCompletion())
        .creationDate(creationDate)
        .lastModificationDate(lastModificationDate)
        .build();
  }

  ScheduleSummary toSummary() {
    return ScheduleSummary.builder()
        .arn(arn)
        .name(name)
        .groupName(group)
        .state(enabled() ? "ENABLED" : "DISABLED")
        .creationDate(creationDate)
        .lastModificationDate(lastModificationDate)
        .target(t -> t.arn(request.target().arn()))
        .build();
  }

  /** AWS fills in the retry policy a request leaves out: a day's event age, 185 attempts. */
  private static Target withDefaults(Target t) {
    if (t.retryPolicy() != null) return t;
    return t.toBuilder()
        .retryPolicy(
            RetryPolicy.builder().maximumEventAgeInSeconds(86400).maximumRetryAttempts(185).build())
        .build();
  }
}
