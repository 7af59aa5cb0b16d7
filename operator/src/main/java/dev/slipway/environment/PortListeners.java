package dev.slipway.environment;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;

/**
 * Allocates one listener port per owner on a shared load balancer. AWS is the only state: every
 * call re-reads the listeners and their owner tags, so restarts and replicas agree.
 */
final class PortListeners {
  /** Attempts before giving up on a contended range; the reconcile retries later. */
  static final int MAX_ATTEMPTS = 50;

  private final ElbPort elb;
  private final AwsTarget target;

  PortListeners(ElbPort elb, AwsTarget target) {
    this.elb = elb;
    this.target = target;
  }

  /** The owner's listener, creating it on the lowest free port of the range if it has none. */
  Routing.PortListener ensure(AwsOwner owner, String lbArn, PortRange range, String tgArn) {
    int conflicts = 0;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<Listener> all = elb.listeners(target, lbArn);
      Optional<Listener> mine = keepOne(owner, all);
      if (mine.isPresent()) return view(mine.get());
      List<Integer> free = freePorts(all, range);
      if (free.isEmpty()) throw rangeExhausted(lbArn, range, all);
      int port = Candidates.pick(free, conflicts);
      try {
        elb.createListener(target, lbArn, port, tgArn, OwnerTags.of(owner));
        // Re-read rather than trust the answer: a second replica may have created one for the
        // same owner on another port meanwhile, and keepOne makes both settle on the same one.
        conflicts = 0;
      } catch (RuntimeException e) {
        String code = AwsErrors.errorCode(e);
        if ("TooManyListeners".equals(code)) throw listenerLimit(lbArn, range, all);
        // DuplicateListener: someone took the port, or our own earlier attempt did (a lost
        // response). A 5xx after retries: the create may or may not have happened. Either way
        // the owner lookup at the top of the loop tells which, so look again before anything.
        if ("DuplicateListener".equals(code)) conflicts++;
        else if (!AwsErrors.isRetryable(e)) throw e;
      }
    }
    throw new IllegalStateException(
        "could not allocate a port in "
            + range
            + " on "
            + lbArn
            + " after "
            + MAX_ATTEMPTS
            + " attempts; other allocators keep taking the free ports");
  }

  /**
   * Whether {@code owners} can all have a listener: each has one already, or enough ports of the
   * range are free. A read, so a full range refuses an environment before anything is created.
   */
  boolean hasRoom(List<AwsOwner> owners, String lbArn, PortRange range) {
    List<Listener> all = elb.listeners(target, lbArn);
    long missing = 0;
    for (AwsOwner owner : owners) {
      if (OwnerTags.ownedAmong(elb, target, owner, arns(all)).isEmpty()) missing++;
    }
    return missing == 0 || freePorts(all, range).size() >= missing;
  }

  /** The owner's listeners on the load balancer, as "listener ARN (port N)". */
  List<String> owned(AwsOwner owner, String lbArn) {
    List<Listener> all = elb.listeners(target, lbArn);
    Set<String> owned = OwnerTags.ownedAmong(elb, target, owner, arns(all));
    return all.stream()
        .filter(l -> owned.contains(l.listenerArn()))
        .map(l -> "listener " + l.listenerArn() + " (port " + l.port() + ")")
        .toList();
  }

  /** Deletes every listener the owner has on the load balancer; nothing there is fine. */
  void release(AwsOwner owner, String lbArn) {
    List<Listener> all = elb.listeners(target, lbArn);
    Set<String> owned = OwnerTags.ownedAmong(elb, target, owner, arns(all));
    owned.forEach(arn -> elb.deleteListener(target, arn));
  }

  /**
   * The owner's listener. Should two exist (two replicas raced), the lowest port wins and the
   * others are deleted, so every observer converges on the same answer.
   */
  private Optional<Listener> keepOne(AwsOwner owner, List<Listener> all) {
    if (all.isEmpty()) return Optional.empty();
    Set<String> owned = OwnerTags.ownedAmong(elb, target, owner, arns(all));
    List<Listener> mine =
        all.stream()
            .filter(l -> owned.contains(l.listenerArn()))
            .sorted(Comparator.comparingInt(Listener::port))
            .toList();
    mine.stream().skip(1).forEach(l -> elb.deleteListener(target, l.listenerArn()));
    return mine.stream().findFirst();
  }

  private static List<Integer> freePorts(List<Listener> all, PortRange range) {
    Set<Integer> used = usedPorts(all);
    return range.ports().filter(p -> !used.contains(p)).boxed().toList();
  }

  private static Set<Integer> usedPorts(List<Listener> all) {
    return all.stream().map(Listener::port).collect(Collectors.toSet());
  }

  private static RoutingExhaustedException rangeExhausted(
      String lbArn, PortRange range, List<Listener> all) {
    return new RoutingExhaustedException(
        "no free port in range "
            + range
            + " on load balancer "
            + lbArn
            + ": all "
            + range.size()
            + " ports are used by listeners ("
            + all.size()
            + " listeners on the load balancer); widen the range or delete environments");
  }

  private static RoutingExhaustedException listenerLimit(
      String lbArn, PortRange range, List<Listener> all) {
    long inRange = all.stream().filter(l -> range.contains(l.port())).count();
    return new RoutingExhaustedException(
        "load balancer "
            + lbArn
            + " refuses more listeners (TooManyListeners: it has "
            + all.size()
            + ", AWS allows 50 by default); "
            + inRange
            + " of "
            + range.size()
            + " ports in range "
            + range
            + " are used; use another load balancer or HostHeader routing");
  }

  private static List<String> arns(List<Listener> all) {
    return all.stream().map(Listener::listenerArn).toList();
  }

  private static Routing.PortListener view(Listener l) {
    return new Routing.PortListener(l.listenerArn(), l.port());
  }
}
