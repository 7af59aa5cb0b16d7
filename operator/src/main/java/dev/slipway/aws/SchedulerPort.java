package dev.slipway.aws;

import java.util.Optional;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;

/**
 * The EventBridge Scheduler calls ScheduledTasks need: one schedule per resource, read, created,
 * replaced and deleted. Calls go through {@link AwsCalls} under the "scheduler" bucket.
 */
public final class SchedulerPort {
  private static final String SERVICE = "scheduler";

  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public SchedulerPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** The schedule, or empty when the group has none of that name (or the group is missing). */
  public Optional<GetScheduleResponse> get(AwsTarget t, String group, String name) {
    SchedulerClient scheduler = clients.scheduler(t);
    try {
      return Optional.of(
          calls.call(
              t,
              SERVICE,
              "GetSchedule",
              () -> scheduler.getSchedule(b -> b.groupName(group).name(name))));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Creates the schedule; its ARN. */
  public String create(AwsTarget t, CreateScheduleRequest request) {
    SchedulerClient scheduler = clients.scheduler(t);
    return calls
        .call(t, SERVICE, "CreateSchedule", () -> scheduler.createSchedule(request))
        .scheduleArn();
  }

  /** Replaces every field of the schedule; its ARN. */
  public String update(AwsTarget t, UpdateScheduleRequest request) {
    SchedulerClient scheduler = clients.scheduler(t);
    return calls
        .call(t, SERVICE, "UpdateSchedule", () -> scheduler.updateSchedule(request))
        .scheduleArn();
  }

  /** Deletes the schedule; true when it was there. */
  public boolean delete(AwsTarget t, String group, String name) {
    SchedulerClient scheduler = clients.scheduler(t);
    try {
      calls.call(
          t,
          SERVICE,
          "DeleteSchedule",
          () -> scheduler.deleteSchedule(b -> b.groupName(group).name(name)));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }
}
