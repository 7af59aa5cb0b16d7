package dev.slipway.sandbox.sim;

import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** Finds the tag list behind an ELBv2 ARN (load balancer, target group, listener or rule). */
final class ElbTagOps {
  static final int MAX_TAGS = 50;
  private final RegionState rs;

  ElbTagOps(RegionState rs) {
    this.rs = rs;
  }

  List<Tag> tagsOf(String arn) {
    if (arn == null) throw ElbErrors.validation("A resource ARN must be specified");
    if (arn.contains(":loadbalancer/")) {
      var lb = rs.elb.loadBalancers.get(arn);
      if (lb == null) throw ElbErrors.loadBalancerNotFound();
      return lb.tags;
    }
    if (arn.contains(":targetgroup/")) {
      var tg = rs.elb.targetGroup(arn);
      if (tg == null) throw ElbErrors.targetGroupNotFound();
      return tg.tags;
    }
    if (arn.contains(":listener-rule/")) {
      var rule = rs.elb.rules.get(arn);
      if (rule == null) throw ElbErrors.ruleNotFound();
      return rule.tags;
    }
    if (arn.contains(":listener/")) {
      var l = rs.elb.listeners.get(arn);
      if (l == null) throw ElbErrors.listenerNotFound();
      return l.tags;
    }
    throw ElbErrors.validation("'" + arn + "' is not a valid load balancing resource ARN");
  }

  void add(List<String> arns, List<Tag> tags) {
    for (String arn : arns) {
      List<Tag> current = tagsOf(arn);
      long added =
          tags.stream()
              .filter(t -> current.stream().noneMatch(c -> c.key().equals(t.key())))
              .count();
      if (current.size() + added > MAX_TAGS) throw ElbErrors.tooManyTags();
    }
    arns.forEach(arn -> TagLists.put(tagsOf(arn), tags, Tag::key));
  }

  void remove(List<String> arns, List<String> keys) {
    arns.forEach(arn -> tagsOf(arn));
    arns.forEach(arn -> TagLists.remove(tagsOf(arn), keys, Tag::key));
  }
}
