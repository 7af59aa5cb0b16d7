package dev.slipway.environment;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnedSlots;
import dev.slipway.aws.routing.Slot;
import dev.slipway.aws.routing.SlotsExhaustedException;
import java.util.List;

/**
 * One host-header rule per owner on a shared listener, at a priority allocated by {@link
 * OwnedSlots} from all of them (AWS is the only state); this class adds the rule's host and target
 * group and the words for a full listener.
 */
final class HostRules {
  private final ElbPort elb;
  private final AwsTarget target;
  private final OwnedSlots slots;

  HostRules(ElbPort elb, AwsTarget target) {
    this.elb = elb;
    this.target = target;
    this.slots = OwnedSlots.rulePriorities(elb, target);
  }

  /** The owner's rule, creating it at the lowest free priority if it has none. */
  Routing.HostRule ensure(AwsOwner owner, String listenerArn, String host, String tgArn) {
    try {
      Slot s =
          slots
              .claim(
                  listenerArn,
                  OwnedSlots.ALL_RULE_PRIORITIES,
                  owner,
                  1,
                  (priority, tags) ->
                      elb.createHostRule(target, listenerArn, priority, host, tgArn, tags))
              .get(0);
      return new Routing.HostRule(s.arn(), s.number());
    } catch (SlotsExhaustedException e) {
      throw exhausted(listenerArn, e);
    }
  }

  /** The owner's rules on the listener, as "rule ARN (priority N)". */
  List<String> owned(AwsOwner owner, String listenerArn) {
    return slots.find(listenerArn, owner).stream()
        .map(s -> "rule " + s.arn() + " (priority " + s.number() + ")")
        .toList();
  }

  /** Deletes every rule the owner has on the listener; nothing there is fine. */
  void release(AwsOwner owner, String listenerArn) {
    slots.release(listenerArn, owner);
  }

  private static RoutingExhaustedException exhausted(
      String listenerArn, SlotsExhaustedException e) {
    // All 50 000 priorities are never used up (AWS caps rules far below), so the rule limit is
    // what a full listener meets in practice; the range case gets the allocator's own words.
    String message =
        switch (e.reason()) {
          case RANGE_FULL -> e.getMessage() + "; use another listener or Port routing";
          case SCOPE_LIMIT ->
              "listener "
                  + listenerArn
                  + " refuses more rules (TooManyRules: it has "
                  + e.resources()
                  + ", AWS allows 100 by default); use another listener or Port routing";
        };
    RoutingExhaustedException out = new RoutingExhaustedException(message);
    out.initCause(e);
    return out;
  }
}
