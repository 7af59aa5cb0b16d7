package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ProgressiveStatus;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnedSlots;
import dev.slipway.aws.routing.OwnerTags;
import dev.slipway.status.EventRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes the pieces a progressive release created beside its service, after the service is gone: a
 * Weighted release's header-route rules and its canary service (drained first, one pass at a time),
 * the test and production rules, then the second target group (AWS refuses to delete one a rule
 * still forwards to). Each is deleted only when its tags prove it is this release's; one already
 * gone is fine.
 */
final class TrafficTeardown {
  private final ElbPort elb;
  private final DeletionStep services;
  private final EventRecorder events;

  TrafficTeardown(ElbPort elb, DeletionStep services, EventRecorder events) {
    this.elb = elb;
    this.services = services;
    this.events = events;
  }

  /** Empty once everything is gone; otherwise when to look again (the canary is draining). */
  Optional<Duration> delete(ServiceRelease sr, AwsTarget target) {
    ProgressiveStatus p = sr.getStatus() == null ? null : sr.getStatus().progressive;
    if (p == null) return Optional.empty();
    if (p.canaryServiceName != null) {
      StrategySpec strategy = sr.getSpec().strategy;
      if (strategy != null && strategy.traffic != null && strategy.traffic.listenerArn != null) {
        // Found by their tags, not by status: a crash may have left one status never recorded.
        OwnedSlots.rulePriorities(elb, target)
            .release(strategy.traffic.listenerArn, owner(sr, WeightedTraffic.HEADER_ROLE));
      }
      Optional<Duration> draining = services.deleteOwnedService(sr, target, p.canaryServiceName);
      if (draining.isPresent()) return draining;
    }
    deleteRule(sr, target, p.testRuleArn, "test");
    deleteRule(sr, target, p.productionRuleArn, "production");
    if (ownedBy(sr, target, p.alternateTargetGroupArn, "alternate")) {
      elb.deleteTargetGroup(target, p.alternateTargetGroupArn);
      events.normal(sr, "TargetGroupDeleted", "Deleted target group " + p.alternateTargetGroupArn);
    }
    return Optional.empty();
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
    return OwnerTags.ownedBy(tags, owner(sr, role));
  }

  /** The owner of one piece, as {@link TrafficStep#owner} names it. */
  private static AwsOwner owner(ServiceRelease sr, String role) {
    return new AwsOwner(
        sr.getMetadata().getNamespace() + "/" + sr.getMetadata().getName() + "/" + role,
        sr.getMetadata().getUid());
  }

  /** What a release of the finalizer leaves behind, for people. */
  static List<String> pieces(ServiceRelease sr) {
    List<String> out = new ArrayList<>();
    ProgressiveStatus p = sr.getStatus() == null ? null : sr.getStatus().progressive;
    if (p == null) return out;
    if (p.productionRuleArn != null) out.add("listener rule " + p.productionRuleArn);
    if (p.testRuleArn != null) out.add("listener rule " + p.testRuleArn);
    if (p.headerRuleArns != null) p.headerRuleArns.forEach(a -> out.add("listener rule " + a));
    if (p.canaryServiceName != null) out.add("ECS service " + p.canaryServiceName);
    if (p.alternateTargetGroupArn != null) out.add("target group " + p.alternateTargetGroupArn);
    return out;
  }
}
