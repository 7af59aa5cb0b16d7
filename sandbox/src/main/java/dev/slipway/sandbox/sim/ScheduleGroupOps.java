package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleGroupResponse;
import software.amazon.awssdk.services.scheduler.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.scheduler.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.scheduler.model.Tag;
import software.amazon.awssdk.services.scheduler.model.TagResourceRequest;
import software.amazon.awssdk.services.scheduler.model.TagResourceResponse;

/**
 * Schedule groups and their tags. Schedules themselves take no tags in EventBridge Scheduler; a
 * group is what carries them (and what Slipway can prove ownership by).
 */
final class ScheduleGroupOps {
  private final RegionState rs;

  ScheduleGroupOps(RegionState rs) {
    this.rs = rs;
  }

  CreateScheduleGroupResponse create(CreateScheduleGroupRequest r) {
    ScheduleValidation.name("name", r.name());
    if (rs.schedules.group(rs, r.name()) != null) {
      throw SchedulerErrors.conflict("Schedule group " + r.name() + " already exists.");
    }
    Map<String, String> tags = new TreeMap<>();
    r.tags().forEach(t -> tags.put(t.key(), t.value()));
    String arn = ScheduleStore.groupArn(rs, r.name());
    rs.schedules.groups.put(r.name(), new ScheduleStore.Group(r.name(), arn, rs.now(), tags));
    return CreateScheduleGroupResponse.builder().scheduleGroupArn(arn).build();
  }

  GetScheduleGroupResponse get(GetScheduleGroupRequest r) {
    ScheduleStore.Group g = existing(r.name());
    return GetScheduleGroupResponse.builder()
        .name(g.name())
        .arn(g.arn())
        .state("ACTIVE")
        .creationDate(g.creationDate())
        .lastModificationDate(g.creationDate())
        .build();
  }

  /** Deleting a group deletes its schedules (at once here; AWS takes a little while). */
  DeleteScheduleGroupResponse delete(DeleteScheduleGroupRequest r) {
    if (ScheduleStore.DEFAULT_GROUP.equals(r.name())) {
      throw SchedulerErrors.validation("The default schedule group cannot be deleted.");
    }
    existing(r.name());
    rs.schedules.groups.remove(r.name());
    rs.schedules.schedules.values().removeIf(s -> s.group.equals(r.name()));
    return DeleteScheduleGroupResponse.builder().build();
  }

  ListTagsForResourceResponse listTags(ListTagsForResourceRequest r) {
    List<Tag> tags =
        byArn(r.resourceArn()).tags().entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    return ListTagsForResourceResponse.builder().tags(tags).build();
  }

  TagResourceResponse tag(TagResourceRequest r) {
    ScheduleStore.Group g = byArn(r.resourceArn());
    r.tags().forEach(t -> g.tags().put(t.key(), t.value()));
    return TagResourceResponse.builder().build();
  }

  private ScheduleStore.Group byArn(String arn) {
    String prefix = ScheduleStore.groupArn(rs, "");
    if (arn == null || !arn.startsWith(prefix)) {
      throw SchedulerErrors.notFound("Resource " + arn + " does not exist.");
    }
    return existing(arn.substring(prefix.length()));
  }

  private ScheduleStore.Group existing(String name) {
    ScheduleValidation.name("name", name);
    ScheduleStore.Group g = rs.schedules.group(rs, name);
    if (g == null) throw SchedulerErrors.notFound("Schedule group " + name + " does not exist.");
    return g;
  }
}
