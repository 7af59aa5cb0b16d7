package dev.slipway.sandbox.sim;

import java.util.function.Supplier;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesRequest;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.scheduler.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.scheduler.model.TagResourceRequest;
import software.amazon.awssdk.services.scheduler.model.TagResourceResponse;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleResponse;

/**
 * The simulated EventBridge Scheduler API for one account and Region, as a {@link SchedulerClient}:
 * schedules (with their groups and group tags) whose ECS targets fire on the simulated clock
 * through the ECS simulator's RunTask.
 */
public final class SchedulerSimulator implements SchedulerClient {
  private final CallGate gate;
  private final RegionState rs;
  private final ScheduleOps schedules;
  private final ScheduleGroupOps groups;

  SchedulerSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
    this.schedules = new ScheduleOps(rs);
    this.groups = new ScheduleGroupOps(rs);
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.SCHEDULER, operation, body);
  }

  @Override
  public CreateScheduleResponse createSchedule(CreateScheduleRequest r) {
    return call("CreateSchedule", () -> schedules.create(r));
  }

  @Override
  public GetScheduleResponse getSchedule(GetScheduleRequest r) {
    return call("GetSchedule", () -> schedules.get(r));
  }

  @Override
  public UpdateScheduleResponse updateSchedule(UpdateScheduleRequest r) {
    return call("UpdateSchedule", () -> schedules.update(r));
  }

  @Override
  public DeleteScheduleResponse deleteSchedule(DeleteScheduleRequest r) {
    return call("DeleteSchedule", () -> schedules.delete(r));
  }

  @Override
  public ListSchedulesResponse listSchedules(ListSchedulesRequest r) {
    return call("ListSchedules", () -> schedules.list(r));
  }

  @Override
  public CreateScheduleGroupResponse createScheduleGroup(CreateScheduleGroupRequest r) {
    return call("CreateScheduleGroup", () -> groups.create(r));
  }

  @Override
  public GetScheduleGroupResponse getScheduleGroup(GetScheduleGroupRequest r) {
    return call("GetScheduleGroup", () -> groups.get(r));
  }

  @Override
  public DeleteScheduleGroupResponse deleteScheduleGroup(DeleteScheduleGroupRequest r) {
    return call("DeleteScheduleGroup", () -> groups.delete(r));
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) {
    return call("ListTagsForResource", () -> groups.listTags(r));
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest r) {
    return call("TagResource", () -> groups.tag(r));
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // A view on simulator state holds nothing to release.
  }
}
