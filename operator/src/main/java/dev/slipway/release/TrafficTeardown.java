package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnerTags;
import dev.slipway.status.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes the load balancer pieces a progressive release created, after its service is gone: the
 * test and production rules, then the second target group (AWS refuses to delete one a rule still
 * forwards to). Each is deleted only when its tags prove it is this release's; one already gone is
 * fine.
 */
final class TrafficTeardown {
  private final ElbPort elb;
  private final EventRecorder events;

  TrafficTeardown(ElbPort elb, EventRecorder events) {
    this.elb = elb;
    this.events = events;
  }

  void delete(ServiceRelease sr, AwsTarget target) {
    ProgressiveStatus p = sr.getStatus() == null ? null : sr.getStatus().progressive;
    if (p == null) return;
    deleteRule(sr, target, p.testRuleArn, "test");
    deleteRule(sr, target, p.productionRuleArn, "production");
    if (ownedBy(sr, target, p.alternateTargetGroupArn, "alternate")) {
      elb.deleteTargetGroup(target, p.alternateTargetGroupArn);
      events.normal(sr, "TargetGroupDeleted", "Deleted target group " + p.alternateTargetGroupArn);
    }
  }

  private void deleteRule(ServiceRelease sr, AwsTarget target, String arn, String role) {
    if (!ownedBy(sr, target, arn, role)) return;
    elb.deleteRule(target, arn);
    events.normal(sr, "RuleDeleted", "Deleted the " + role + " listener rule " + arn);
  }

  /** Whether the resource exists and its tags name this release (by key and uid) in that role. */
  private boolean ownedBy(ServiceRelease sr, AwsTarget target, String arn, String role) {
    if (arn == null) return false;
    Map<String, String> tags = elb.tags(target, List.of(arn)).get(arn);
    if (tags == null) return false;
    AwsOwner owner =
        new AwsOwner(
            sr.getMetadata().getNamespace() + "/" + sr.getMetadata().getName() + "/" + role,
            sr.getMetadata().getUid());
    return OwnerTags.ownedBy(tags, owner);
  }

  /** What a release of the finalizer leaves behind, for people. */
  static List<String> pieces(ServiceRelease sr) {
    List<String> out = new ArrayList<>();
    ProgressiveStatus p = sr.getStatus() == null ? null : sr.getStatus().progressive;
    if (p == null) return out;
    if (p.productionRuleArn != null) out.add("listener rule " + p.productionRuleArn);
    if (p.testRuleArn != null) out.add("listener rule " + p.testRuleArn);
    if (p.alternateTargetGroupArn != null) out.add("target group " + p.alternateTargetGroupArn);
    return out;
  }
}
