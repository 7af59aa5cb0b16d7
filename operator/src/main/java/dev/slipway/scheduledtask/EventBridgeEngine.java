package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.SchedulerPort;
import dev.slipway.status.EventRecorder;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

/**
 * Engine EventBridgeScheduler: keeps one EventBridge Scheduler schedule per ScheduledTask equal to
 * the spec. A schedule of that name that is not this resource's (its description lacks the uid) is
 * a conflict and is never written to or deleted.
 */
final class EventBridgeEngine {
  /** A schedule of the name exists and is someone else's. */
  static final class ScheduleConflict extends RuntimeException {
    ScheduleConflict(String message) {
      super(message);
    }
  }

  private final SchedulerPort scheduler;
  private final EventRecorder events;

  EventBridgeEngine(SchedulerPort scheduler, EventRecorder events) {
    this.scheduler = scheduler;
    this.events = events;
  }

  /**
   * Creates or corrects the schedule; {@code enabled} false while suspended or asleep. Returns when
   * the schedule was created: AWS counts a rate's periods from there.
   */
  Instant ensure(
      ScheduledTask st, ScheduledTaskStatus status, BatchTask task, boolean enabled, Instant now) {
    CreateScheduleRequest desired = BatchRequests.create(st, task, enabled);
    AwsTarget target = task.target();
    Optional<GetScheduleResponse> existing =
        scheduler.get(target, desired.groupName(), desired.name());
    if (existing.isEmpty()) {
      status.scheduleArn = scheduler.create(target, desired);
      events.normal(
          st,
          "ScheduleCreated",
          "Created EventBridge schedule "
              + desired.groupName()
              + "/"
              + desired.name()
              + " ("
              + desired.scheduleExpression()
              + " "
              + desired.scheduleExpressionTimezone()
              + ")");
      return now;
    }
    GetScheduleResponse found = existing.get();
    if (!BatchNames.owns(st, found.description())) {
      throw new ScheduleConflict(
          "EventBridge schedule "
              + desired.groupName()
              + "/"
              + desired.name()
              + " exists and is not this ScheduledTask's (its description does not carry uid "
              + st.getMetadata().getUid()
              + "); Slipway leaves it alone. Delete or rename it, or rename this resource.");
    }
    status.scheduleArn = found.arn();
    if (differs(found, desired)) {
      scheduler.update(target, BatchRequests.update(desired));
      events.normal(
          st,
          "ScheduleUpdated",
          "Updated EventBridge schedule "
              + desired.name()
              + (enabled ? "" : " (disabled)")
              + " to the spec");
    }
    return found.creationDate() == null ? now : found.creationDate();
  }

  /**
   * Deletes this resource's schedule, if there is one and it is provably this resource's; whether
   * it deleted one.
   */
  boolean remove(ScheduledTask st, AwsTarget target) {
    String group = BatchRequests.groupName(st);
    String name = BatchNames.schedule(st);
    Optional<GetScheduleResponse> found = scheduler.get(target, group, name);
    if (found.isEmpty() || !BatchNames.owns(st, found.get().description())) return false;
    if (!scheduler.delete(target, group, name)) return false;
    events.normal(st, "ScheduleDeleted", "Deleted EventBridge schedule " + group + "/" + name);
    return true;
  }

  /** Whether the schedule AWS holds differs from the spec in anything the spec sets. */
  static boolean differs(GetScheduleResponse found, CreateScheduleRequest desired) {
    return !Objects.equals(found.scheduleExpression(), desired.scheduleExpression())
        || !Objects.equals(
            zone(found.scheduleExpressionTimezone()), zone(desired.scheduleExpressionTimezone()))
        || !Objects.equals(found.stateAsString(), desired.stateAsString())
        || !Objects.equals(found.description(), desired.description())
        || !Objects.equals(found.flexibleTimeWindow(), desired.flexibleTimeWindow())
        || !Objects.equals(found.target(), desired.target());
  }

  private static String zone(String z) {
    return z == null ? "UTC" : z;
  }
}
