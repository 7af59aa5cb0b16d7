package dev.slipway.environment;

import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnedSlots;
import dev.slipway.aws.routing.Slot;
import dev.slipway.aws.routing.SlotsExhaustedException;
import java.util.List;

/**
 * One listener port per owner on a shared load balancer, allocated by {@link OwnedSlots} (AWS is
 * the only state); this class adds what a listener forwards to and the words for a full range.
 */
final class PortListeners {
  private final ElbPort elb;
  private final AwsTarget target;
  private final OwnedSlots slots;

  PortListeners(ElbPort elb, AwsTarget target) {
    this.elb = elb;
    this.target = target;
    this.slots = OwnedSlots.listenerPorts(elb, target);
  }

  /** The owner's listener, creating it on the lowest free port of the range if it has none. */
  Routing.PortListener ensure(AwsOwner owner, String lbArn, PortRange range, String tgArn) {
    try {
      Slot s =
          slots
              .claim(
                  lbArn,
                  range.slots(),
                  owner,
                  1,
                  (port, tags) -> elb.createListener(target, lbArn, port, tgArn, tags))
              .get(0);
      return new Routing.PortListener(s.arn(), s.number());
    } catch (SlotsExhaustedException e) {
      throw exhausted(lbArn, range, e);
    }
  }

  /**
   * Whether {@code owners} can all have a listener: each has one already, or enough ports of the
   * range are free. A read, so a full range refuses an environment before anything is created.
   */
  boolean hasRoom(List<AwsOwner> owners, String lbArn, PortRange range) {
    return slots.hasRoom(lbArn, range.slots(), owners, 1);
  }

  /** The owner's listeners on the load balancer, as "listener ARN (port N)". */
  List<String> owned(AwsOwner owner, String lbArn) {
    return slots.find(lbArn, owner).stream()
        .map(s -> "listener " + s.arn() + " (port " + s.number() + ")")
        .toList();
  }

  /** Deletes every listener the owner has on the load balancer; nothing there is fine. */
  void release(AwsOwner owner, String lbArn) {
    slots.release(lbArn, owner);
  }

  private static RoutingExhaustedException exhausted(
      String lbArn, PortRange range, SlotsExhaustedException e) {
    String message =
        switch (e.reason()) {
          case RANGE_FULL ->
              "no free port in range "
                  + range
                  + " on load balancer "
                  + lbArn
                  + ": all "
                  + range.size()
                  + " ports are used by listeners ("
                  + e.resources()
                  + " listeners on the load balancer); widen the range or delete environments";
          case SCOPE_LIMIT ->
              "load balancer "
                  + lbArn
                  + " refuses more listeners (TooManyListeners: it has "
                  + e.resources()
                  + ", AWS allows 50 by default); "
                  + e.usedInRange()
                  + " of "
                  + range.size()
                  + " ports in range "
                  + range
                  + " are used; use another load balancer or HostHeader routing";
        };
    RoutingExhaustedException out = new RoutingExhaustedException(message);
    out.initCause(e);
    return out;
  }
}
