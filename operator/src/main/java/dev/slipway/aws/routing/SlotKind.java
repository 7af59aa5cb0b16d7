package dev.slipway.aws.routing;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.List;

/**
 * The kinds of ELBv2 resource whose number AWS keeps unique within a scope, so that the resource
 * itself is the claim on the number: a listener's port on a load balancer, a rule's priority on a
 * listener. What differs between them is how they are listed and deleted and the error codes AWS
 * answers a lost race and a full scope with; the allocation is the same ({@link OwnedSlots}).
 */
enum SlotKind {
  LISTENER_PORTS("port", "ports", "DuplicateListener", "TooManyListeners") {
    @Override
    List<Slot> list(ElbPort elb, AwsTarget t, String loadBalancerArn) {
      return elb.listeners(t, loadBalancerArn).stream()
          .map(l -> new Slot(l.listenerArn(), l.port()))
          .toList();
    }

    @Override
    void delete(ElbPort elb, AwsTarget t, String listenerArn) {
      elb.deleteListener(t, listenerArn);
    }
  },

  RULE_PRIORITIES("rule priority", "rule priorities", "PriorityInUse", "TooManyRules") {
    @Override
    List<Slot> list(ElbPort elb, AwsTarget t, String listenerArn) {
      // The default rule has no number ("default") and cannot be claimed; ElbPort leaves it out.
      return elb.rules(t, listenerArn).stream()
          .map(r -> new Slot(r.ruleArn(), Integer.parseInt(r.priority())))
          .toList();
    }

    @Override
    void delete(ElbPort elb, AwsTarget t, String ruleArn) {
      elb.deleteRule(t, ruleArn);
    }
  };

  /** What one slot is called in messages, singular and plural. */
  final String noun;

  final String plural;

  /** The error code of a create that lost the number to someone else (or to our own retry). */
  final String conflictCode;

  /** The error code of a create the scope refuses because AWS's per-scope limit is reached. */
  final String limitCode;

  SlotKind(String noun, String plural, String conflictCode, String limitCode) {
    this.noun = noun;
    this.plural = plural;
    this.conflictCode = conflictCode;
    this.limitCode = limitCode;
  }

  /** Every resource of this kind in the scope, whoever owns it. */
  abstract List<Slot> list(ElbPort elb, AwsTarget t, String scope);

  /** Deletes one resource; one already gone counts as deleted. */
  abstract void delete(ElbPort elb, AwsTarget t, String arn);
}
