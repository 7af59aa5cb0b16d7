package dev.slipway.environment;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * Allocates one host-header rule per owner on a shared listener, at a priority unique on that
 * listener. AWS is the only state: every call re-reads the rules and their owner tags.
 */
final class HostRules {
  static final int MIN_PRIORITY = 1;
  static final int MAX_PRIORITY = 50_000;

  private final ElbPort elb;
  private final AwsTarget target;

  HostRules(ElbPort elb, AwsTarget target) {
    this.elb = elb;
    this.target = target;
  }

  /** The owner's rule, creating it at the lowest free priority if it has none. */
  Routing.HostRule ensure(AwsOwner owner, String listenerArn, String host, String tgArn) {
    int conflicts = 0;
    for (int attempt = 0; attempt < PortListeners.MAX_ATTEMPTS; attempt++) {
      List<Rule> all = elb.rules(target, listenerArn);
      Optional<Rule> mine = keepOne(owner, all);
      if (mine.isPresent()) return view(mine.get());
      int priority = Candidates.pick(freePriorities(all), conflicts);
      try {
        elb.createHostRule(target, listenerArn, priority, host, tgArn, OwnerTags.of(owner));
        // Re-read: a racing replica may have added a rule for the same owner; keepOne settles it.
        conflicts = 0;
      } catch (RuntimeException e) {
        String code = AwsErrors.errorCode(e);
        if ("TooManyRules".equals(code)) throw ruleLimit(listenerArn, all);
        // CreateRule is not idempotent: a retry after a lost response meets our own rule and
        // gets PriorityInUse. So a conflict, like an unanswered 5xx, only means "look again".
        if ("PriorityInUse".equals(code)) conflicts++;
        else if (!AwsErrors.isRetryable(e)) throw e;
      }
    }
    throw new IllegalStateException(
        "could not allocate a rule priority on "
            + listenerArn
            + " after "
            + PortListeners.MAX_ATTEMPTS
            + " attempts; other allocators keep taking the free priorities");
  }

  /** The owner's rules on the listener, as "rule ARN (priority N)". */
  List<String> owned(AwsOwner owner, String listenerArn) {
    List<Rule> all = elb.rules(target, listenerArn);
    Set<String> owned = OwnerTags.ownedAmong(elb, target, owner, arns(all));
    return all.stream()
        .filter(r -> owned.contains(r.ruleArn()))
        .map(r -> "rule " + r.ruleArn() + " (priority " + r.priority() + ")")
        .toList();
  }

  /** Deletes every rule the owner has on the listener; nothing there is fine. */
  void release(AwsOwner owner, String listenerArn) {
    List<Rule> all = elb.rules(target, listenerArn);
    Set<String> owned = OwnerTags.ownedAmong(elb, target, owner, arns(all));
    owned.forEach(arn -> elb.deleteRule(target, arn));
  }

  /** The owner's rule; should two exist (replicas raced) the lowest priority wins. */
  private Optional<Rule> keepOne(AwsOwner owner, List<Rule> all) {
    if (all.isEmpty()) return Optional.empty();
    Set<String> owned = OwnerTags.ownedAmong(elb, target, owner, arns(all));
    List<Rule> mine =
        all.stream()
            .filter(r -> owned.contains(r.ruleArn()))
            .sorted(Comparator.comparingInt(HostRules::priority))
            .toList();
    mine.stream().skip(1).forEach(r -> elb.deleteRule(target, r.ruleArn()));
    return mine.stream().findFirst();
  }

  private static List<Integer> freePriorities(List<Rule> all) {
    Set<Integer> used = all.stream().map(HostRules::priority).collect(Collectors.toSet());
    // Rules are capped far below 50 000, so the lowest free ones are always among the first few.
    return IntStream.rangeClosed(MIN_PRIORITY, MAX_PRIORITY)
        .filter(p -> !used.contains(p))
        .limit(used.size() + 64L)
        .boxed()
        .toList();
  }

  private static RoutingExhaustedException ruleLimit(String listenerArn, List<Rule> all) {
    return new RoutingExhaustedException(
        "listener "
            + listenerArn
            + " refuses more rules (TooManyRules: it has "
            + all.size()
            + ", AWS allows 100 by default); use another listener or Port routing");
  }

  private static int priority(Rule r) {
    return Integer.parseInt(r.priority());
  }

  private static List<String> arns(List<Rule> all) {
    return all.stream().map(Rule::ruleArn).toList();
  }

  private static Routing.HostRule view(Rule r) {
    return new Routing.HostRule(r.ruleArn(), priority(r));
  }
}
