package dev.slipway.sandbox.sim;

import java.util.List;
import software.amazon.awssdk.services.ecs.model.Tag;

/** Finds the tag list behind an ECS ARN: cluster, service, task definition or task. */
final class EcsTagOps {
  private final RegionState rs;

  EcsTagOps(RegionState rs) {
    this.rs = rs;
  }

  List<Tag> tagsOf(String arn) {
    if (arn == null) throw EcsErrors.invalidParameter("resourceArn is required.");
    String prefix = "arn:aws:ecs:" + rs.region + ":" + rs.account + ":";
    if (!arn.startsWith(prefix)) throw EcsErrors.resourceNotFound();
    String resource = arn.substring(prefix.length());
    List<Tag> tags = null;
    if (resource.startsWith("cluster/")) {
      var c = rs.ecs.cluster(resource.substring("cluster/".length()));
      tags = c == null ? null : c.tags();
    } else if (resource.startsWith("service/")) {
      String[] parts = resource.split("/");
      ServiceModel s = parts.length == 3 ? rs.ecs.servicesIn(parts[1]).get(parts[2]) : null;
      tags = s == null || s.status.equals("INACTIVE") ? null : s.tags;
    } else if (resource.startsWith("task-definition/")) {
      var e = rs.ecs.taskDefinitions.resolve(arn);
      tags = e == null ? null : e.tags();
    } else if (resource.startsWith("task/")) {
      TaskModel t = rs.ecs.task(arn);
      tags = t == null ? null : t.tags;
    }
    if (tags == null) throw EcsErrors.resourceNotFound();
    return tags;
  }

  void tag(String arn, List<Tag> added) {
    TagLists.put(tagsOf(arn), added, Tag::key);
  }

  void untag(String arn, List<String> keys) {
    TagLists.remove(tagsOf(arn), keys, Tag::key);
  }
}
