package dev.slipway.sandbox.sim;

import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesRequest;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleResponse;

/** CreateSchedule, GetSchedule, UpdateSchedule, DeleteSchedule and ListSchedules. */
final class ScheduleOps {
  private final RegionState rs;

  ScheduleOps(RegionState rs) {
    this.rs = rs;
  }

  private ScheduleStore store() {
    return rs.schedules;
  }

  CreateScheduleResponse create(CreateScheduleRequest req) {
    ScheduleRequest r = ScheduleRequest.of(req);
    String token = r.clientToken() == null ? null : r.name() + "/" + r.clientToken();
    ScheduleStore.TokenUse seen = token == null ? null : store().createTokens.get(token);
    if (seen != null) {
      // A retry with the same token is answered as the first call was, and changes nothing.
      if (!seen.request().equals(r.withoutToken())) {
        throw SchedulerErrors.conflict(
            "The client token " + r.clientToken() + " was already used with different parameters.");
      }
      return CreateScheduleResponse.builder().scheduleArn(seen.arn()).build();
    }
    ScheduleValidation.Checked checked = ScheduleValidation.check(r, rs.now());
    existingGroup(r.groupName());
    String key = ScheduleStore.key(r.groupName(), r.name());
    if (store().schedules.containsKey(key)) {
      throw SchedulerErrors.conflict("Schedule " + r.name() + " already exists.");
    }
    String arn = ScheduleStore.scheduleArn(rs, r.groupName(), r.name());
    store().schedules.put(key, new ScheduleModel(arn, r, checked, rs.now()));
    if (token != null)
      store().createTokens.put(token, new ScheduleStore.TokenUse(r.withoutToken(), arn));
    return CreateScheduleResponse.builder().scheduleArn(arn).build();
  }

  GetScheduleResponse get(GetScheduleRequest r) {
    return existing(ScheduleRequest.group(r.groupName()), r.name()).toGet();
  }

  UpdateScheduleResponse update(UpdateScheduleRequest req) {
    ScheduleRequest r = ScheduleRequest.of(req);
    ScheduleValidation.Checked checked = ScheduleValidation.check(r, rs.now());
    ScheduleModel s = existing(r.groupName(), r.name());
    s.update(r, checked, rs.now());
    return UpdateScheduleResponse.builder().scheduleArn(s.arn).build();
  }

  DeleteScheduleResponse delete(DeleteScheduleRequest r) {
    String group = ScheduleRequest.group(r.groupName());
    ScheduleValidation.name("name", r.name());
    String token = r.clientToken() == null ? null : group + "/" + r.name() + "/" + r.clientToken();
    ScheduleModel removed = store().schedules.remove(ScheduleStore.key(group, r.name()));
    if (removed == null) {
      if (token != null && store().deleteTokens.contains(token)) {
        return DeleteScheduleResponse.builder().build();
      }
      throw notFound(group, r.name());
    }
    if (token != null) store().deleteTokens.add(token);
    return DeleteScheduleResponse.builder().build();
  }

  ListSchedulesResponse list(ListSchedulesRequest r) {
    if (r.groupName() != null) existingGroup(r.groupName());
    List<ScheduleSummary> all =
        store().schedules.values().stream()
            .filter(s -> r.groupName() == null || s.group.equals(r.groupName()))
            .filter(s -> r.namePrefix() == null || s.name.startsWith(r.namePrefix()))
            .map(ScheduleModel::toSummary)
            .filter(s -> r.state() == null || s.stateAsString().equals(r.stateAsString()))
            .sorted(Comparator.comparing(ScheduleSummary::name))
            .toList();
    var page =
        Pagination.page(all, r.nextToken(), r.maxResults(), 100, 100, SchedulerErrors::validation);
    return ListSchedulesResponse.builder()
        .schedules(page.items())
        .nextToken(page.nextToken())
        .build();
  }

  private void existingGroup(String name) {
    if (store().group(rs, name) == null) {
      throw SchedulerErrors.notFound("Schedule group " + name + " does not exist.");
    }
  }

  private ScheduleModel existing(String group, String name) {
    ScheduleValidation.name("name", name);
    ScheduleModel s = store().schedules.get(ScheduleStore.key(group, name));
    if (s == null) throw notFound(group, name);
    return s;
  }

  private static RuntimeException notFound(String group, String name) {
    return SchedulerErrors.notFound("Schedule " + name + " does not exist in group " + group + ".");
  }
}
