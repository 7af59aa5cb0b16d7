package dev.slipway.environment;

import static dev.slipway.environment.RoutingFixture.ACCOUNT;
import static dev.slipway.environment.RoutingFixture.REGION;
import static dev.slipway.environment.RoutingFixture.VPC;
import static dev.slipway.environment.RoutingFixture.concurrently;
import static dev.slipway.environment.RoutingFixture.owner;
import static dev.slipway.environment.RoutingFixture.tgName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.AwsUnavailableException;
import dev.slipway.sandbox.sim.FaultKind;
import dev.slipway.sandbox.sim.FaultRule;
import dev.slipway.sandbox.sim.Inventory;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Twenty branch environments allocating at once, with and without AWS failing under them. */
class RoutingConcurrencyTest {
  private static final int OWNERS = 20;
  private static final PortRange RANGE = new PortRange(10000, 10999);

  private final RoutingFixture f = new RoutingFixture(false);
  private final Routing operator = f.newRouting();

  private Routing.PortListener allocatePort(Routing routing, int i) {
    String tg = routing.ensureTargetGroup(owner(i), tgName(i), VPC, 8080, "/health");
    return routing.ensurePortListener(owner(i), f.lb, RANGE, tg);
  }

  private Routing.HostRule allocateRule(Routing routing, String listener, int i) {
    String tg = routing.ensureTargetGroup(owner(i), tgName(i), VPC, 8080, "/health");
    return routing.ensureHostRule(owner(i), listener, "b" + i + ".qa.example.com", tg);
  }

  @Test
  void oneOperatorPacedByAwsBucketsAllocatesTwentyDistinctPorts() throws Exception {
    RoutingFixture throttled = new RoutingFixture(true);
    Routing paced = throttled.newRouting();
    List<Integer> ports =
        concurrently(
            OWNERS,
            i ->
                () -> {
                  String tg = paced.ensureTargetGroup(owner(i), tgName(i), VPC, 8080, "/h");
                  return paced.ensurePortListener(owner(i), throttled.lb, RANGE, tg).port();
                });
    assertThat(new HashSet<>(ports)).hasSize(OWNERS);
    assertThat(ports).allMatch(RANGE::contains);
    assertThat(throttled.listeners()).hasSize(OWNERS);
  }

  @Test
  void twentyOwnersAtOnceGetDistinctPortsAndOneListenerEach() throws Exception {
    List<Integer> ports = concurrently(OWNERS, i -> () -> allocatePort(f.newRouting(), i).port());
    assertThat(new HashSet<>(ports)).hasSize(OWNERS);
    assertThat(ports).allMatch(RANGE::contains);
    assertOneListenerPerOwner();
  }

  @Test
  void twentyOwnersAtOnceGetDistinctRulePriorities() throws Exception {
    String shared = sharedListener();
    List<Integer> priorities =
        concurrently(OWNERS, i -> () -> allocateRule(operator, shared, i).priority());
    assertThat(new HashSet<>(priorities)).hasSize(OWNERS);
    assertOneRulePerOwner();
  }

  @Test
  void oneOwnerEnsuredByTwoReplicasAtOnceEndsWithOneListener() throws Exception {
    String tg = f.newRouting().ensureTargetGroup(owner(1), tgName(1), VPC, 8080, "/health");
    // Other owners race too, so the replicas may see different lowest free ports.
    List<Integer> ports =
        concurrently(
            10,
            i ->
                () ->
                    i < 2
                        ? f.newRouting().ensurePortListener(owner(1), f.lb, RANGE, tg).port()
                        : allocatePort(f.newRouting(), i).port());
    int settled = f.newRouting().ensurePortListener(owner(1), f.lb, RANGE, tg).port();
    assertThat(ownersOfListeners().get(owner(1).key())).isEqualTo(1);
    assertThat(f.listeners()).hasSize(9).extracting(Inventory.ListenerInfo::port).contains(settled);
    assertThat(ports.subList(2, 10)).doesNotContain(settled);
  }

  @Test
  void underInjectedFaultsAndLostResponsesEachOwnerEndsWithOneListener() throws Exception {
    f.sim.faults().set("*", FaultRule.errors(0.2, FaultKind.SERVICE_UNAVAILABLE));
    f.sim.faults().set("CreateListener", new FaultRule(0.1, FaultKind.INTERNAL_FAILURE, 0, 0.1));
    List<Integer> ports =
        concurrently(OWNERS, i -> () -> untilDone(() -> allocatePort(operator, i)).port());
    f.sim.faults().clear();
    assertThat(new HashSet<>(ports)).hasSize(OWNERS);
    assertOneListenerPerOwner();
    assertThat(f.sim.calls("elasticloadbalancing", "CreateListener").faulted()).isPositive();
  }

  @Test
  void underInjectedFaultsAndLostResponsesEachOwnerEndsWithOneRule() throws Exception {
    String shared = sharedListener();
    f.sim.faults().set("*", FaultRule.errors(0.2, FaultKind.SERVICE_UNAVAILABLE));
    f.sim.faults().set("CreateRule", new FaultRule(0.1, FaultKind.INTERNAL_FAILURE, 0, 0.1));
    List<Integer> priorities =
        concurrently(
            OWNERS, i -> () -> untilDone(() -> allocateRule(operator, shared, i)).priority());
    f.sim.faults().clear();
    assertThat(new HashSet<>(priorities)).hasSize(OWNERS);
    assertOneRulePerOwner();
  }

  /** What the reconcile loop does: an AWS outage that outlasted retries is tried again later. */
  private static <T> T untilDone(Supplier<T> pass) {
    for (int attempt = 1; ; attempt++) {
      try {
        return pass.get();
      } catch (RuntimeException e) {
        if (attempt >= 20 || !(AwsErrors.isRetryable(e) || isBreakerOrLimiter(e))) throw e;
      }
    }
  }

  private static boolean isBreakerOrLimiter(RuntimeException e) {
    return e instanceof AwsUnavailableException || e instanceof AwsRateLimitedException;
  }

  private String sharedListener() {
    String tg = f.sim.createTargetGroup(ACCOUNT, REGION, "shared-default", 80);
    return f.sim.createListener(ACCOUNT, REGION, f.lb, 443, tg);
  }

  private void assertOneListenerPerOwner() {
    assertThat(f.listeners()).hasSize(OWNERS);
    Map<String, Long> owners = ownersOfListeners();
    assertThat(owners).hasSize(OWNERS).allSatisfy((owner, n) -> assertThat(n).isEqualTo(1));
  }

  private Map<String, Long> ownersOfListeners() {
    return f.listeners().stream()
        .map(l -> f.tagsOf(l.arn()).get("slipway.dev/owner"))
        .collect(Collectors.groupingBy(o -> o, Collectors.counting()));
  }

  private void assertOneRulePerOwner() {
    List<Inventory.RuleInfo> rules = f.inventory().rules();
    assertThat(rules).hasSize(OWNERS);
    Set<Integer> priorities =
        rules.stream().map(Inventory.RuleInfo::priority).collect(Collectors.toSet());
    assertThat(priorities).hasSize(OWNERS);
    Map<String, Long> owners =
        rules.stream()
            .map(r -> f.tagsOf(r.arn()).get("slipway.dev/owner"))
            .collect(Collectors.groupingBy(o -> o, Collectors.counting()));
    assertThat(owners).hasSize(OWNERS).allSatisfy((owner, n) -> assertThat(n).isEqualTo(1));
  }
}
