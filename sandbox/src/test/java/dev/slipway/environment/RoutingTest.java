package dev.slipway.environment;

import static dev.slipway.environment.RoutingFixture.ACCOUNT;
import static dev.slipway.environment.RoutingFixture.REGION;
import static dev.slipway.environment.RoutingFixture.VPC;
import static dev.slipway.environment.RoutingFixture.owner;
import static dev.slipway.environment.RoutingFixture.tgName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.aws.routing.AwsOwner;
import dev.slipway.aws.routing.OwnerTags;
import dev.slipway.sandbox.sim.FaultRule;
import dev.slipway.sandbox.sim.Inventory;
import org.junit.jupiter.api.Test;

/** Allocation, idempotency, exhaustion and release of branch-environment routing, one at a time. */
class RoutingTest {
  private static final PortRange RANGE = new PortRange(10000, 10999);

  private final RoutingFixture f = new RoutingFixture(true);
  private final Routing routing = f.newRouting();

  private String targetGroup(int i) {
    return routing.ensureTargetGroup(owner(i), tgName(i), VPC, 8080, "/health");
  }

  private int port(int i) {
    return routing.ensurePortListener(owner(i), f.lb, RANGE, targetGroup(i)).port();
  }

  @Test
  void targetGroupIsCreatedOnceAndTaggedWithItsOwner() {
    String arn = targetGroup(1);
    assertThat(targetGroup(1)).isEqualTo(arn);
    assertThat(f.inventory().targetGroups()).extracting(t -> t.name()).containsExactly(tgName(1));
    assertThat(f.tagsOf(arn))
        .containsEntry("slipway.dev/owner", owner(1).key())
        .containsEntry("slipway.dev/owner-uid", owner(1).uid())
        .containsEntry("slipway.dev/managed-by", "slipway");
    assertThatThrownBy(() -> routing.ensureTargetGroup(owner(2), tgName(1), VPC, 8080, "/health"))
        .isInstanceOf(RoutingConflictException.class)
        .hasMessageContaining("slipway.dev/owner=" + owner(2).key());
  }

  @Test
  void aReCreatedEnvironmentOfTheSameNameDoesNotOwnTheOldOnesResources() {
    AwsOwner old = owner(1);
    AwsOwner reborn = new AwsOwner(old.key(), "another-uid");
    String tg = routing.ensureTargetGroup(old, tgName(1), VPC, 8080, "/health");
    int port = routing.ensurePortListener(old, f.lb, RANGE, tg).port();

    assertThatThrownBy(() -> routing.ensureTargetGroup(reborn, tgName(1), VPC, 8080, "/health"))
        .isInstanceOf(RoutingConflictException.class);
    routing.releasePort(reborn, f.lb, tgName(1));

    assertThat(f.inventory().listeners()).extracting(Inventory.ListenerInfo::port).contains(port);
    assertThat(f.inventory().targetGroups()).extracting(t -> t.arn()).contains(tg);
  }

  @Test
  void lowestFreePortIsChosenSkippingUsedOnes() {
    f.foreignListener(10000);
    f.foreignListener(10002);
    assertThat(port(1)).isEqualTo(10001);
    assertThat(port(2)).isEqualTo(10003);
    assertThat(f.listeners())
        .extracting(Inventory.ListenerInfo::port)
        .containsExactlyInAnyOrder(10000, 10001, 10002, 10003);
  }

  @Test
  void ensureIsIdempotentAndCreatesNothingNew() {
    var first = routing.ensurePortListener(owner(1), f.lb, RANGE, targetGroup(1));
    long creates = f.sim.calls("elasticloadbalancing", "CreateListener").received();
    var again = routing.ensurePortListener(owner(1), f.lb, RANGE, targetGroup(1));
    assertThat(again).isEqualTo(first);
    assertThat(f.sim.calls("elasticloadbalancing", "CreateListener").received()).isEqualTo(creates);
    assertThat(f.listeners()).hasSize(1);
    assertThat(f.tagsOf(first.listenerArn())).containsEntry("slipway.dev/owner", owner(1).key());
  }

  @Test
  void aRestartedOperatorFindsListenersAndRulesByTag() {
    int p1 = port(1);
    int p2 = port(2);
    String shared = f.sim.createListener(ACCOUNT, REGION, f.lb, 443, targetGroup(9));
    var rule = routing.ensureHostRule(owner(1), shared, "foo.qa.example.com", targetGroup(1));

    Routing restarted = f.newRouting();
    assertThat(restarted.ensurePortListener(owner(2), f.lb, RANGE, targetGroup(2)).port())
        .isEqualTo(p2);
    assertThat(restarted.ensurePortListener(owner(1), f.lb, RANGE, targetGroup(1)).port())
        .isEqualTo(p1);
    assertThat(restarted.ensureHostRule(owner(1), shared, "foo.qa.example.com", targetGroup(1)))
        .isEqualTo(rule);
    assertThat(f.listeners()).hasSize(3);
    assertThat(f.inventory().rules()).hasSize(1);
  }

  @Test
  void exhaustedRangeIsATypedErrorAndLeavesNoListener() {
    PortRange three = new PortRange(10000, 10002);
    for (int i = 1; i <= 3; i++) {
      routing.ensurePortListener(owner(i), f.lb, three, targetGroup(i));
    }
    String tg4 = targetGroup(4);
    assertThatThrownBy(() -> routing.ensurePortListener(owner(4), f.lb, three, tg4))
        .isInstanceOf(RoutingExhaustedException.class)
        .hasMessageContaining("no free port in range 10000-10002")
        .hasMessageContaining("all 3 ports are used");
    assertThat(f.listeners()).hasSize(3);
    routing.releaseTargetGroup(owner(4), tgName(4));
    assertThat(f.inventory().targetGroups()).extracting(t -> t.name()).doesNotContain(tgName(4));
  }

  @Test
  void listenerLimitOfTheLoadBalancerIsATypedError() {
    for (int port = 20000; port < 20050; port++) f.foreignListener(port);
    String tg = targetGroup(1);
    assertThatThrownBy(() -> routing.ensurePortListener(owner(1), f.lb, RANGE, tg))
        .isInstanceOf(RoutingExhaustedException.class)
        .hasMessageContaining("TooManyListeners");
    assertThat(f.listeners()).hasSize(50);
  }

  @Test
  void hostRulesTakeTheLowestFreePriorityAndRuleLimitIsATypedError() {
    String shared = f.sim.createListener(ACCOUNT, REGION, f.lb, 443, targetGroup(0));
    var a = routing.ensureHostRule(owner(1), shared, "a.qa.example.com", targetGroup(1));
    var b = routing.ensureHostRule(owner(2), shared, "b.qa.example.com", targetGroup(2));
    assertThat(a.priority()).isEqualTo(1);
    assertThat(b.priority()).isEqualTo(2);
    routing.releaseHost(owner(1), shared, tgName(1));
    assertThat(routing.ensureHostRule(owner(3), shared, "c.qa", targetGroup(3)).priority())
        .isEqualTo(1);
    f.sim.throttling(false); // fill the listener directly: Routing would pace itself for minutes
    var raw = f.sim.elb(f.target);
    for (int p = 3; p <= 100; p++) {
      int priority = p;
      raw.createRule(
          r ->
              r.listenerArn(shared)
                  .priority(priority)
                  .conditions(c -> c.field("host-header").hostHeaderConfig(h -> h.values("x")))
                  .actions(x -> x.type("forward").targetGroupArn(tg(0))));
    }
    assertThatThrownBy(() -> routing.ensureHostRule(owner(200), shared, "z", tg(0)))
        .isInstanceOf(RoutingExhaustedException.class)
        .hasMessageContaining("TooManyRules");
    assertThat(f.inventory().rules()).hasSize(100);
  }

  private String tg(int i) {
    return f.inventory().targetGroups().stream()
        .filter(t -> t.name().equals(tgName(i)))
        .findFirst()
        .orElseThrow()
        .arn();
  }

  @Test
  void releaseRemovesListenerRuleAndTargetGroupAndIsIdempotent() {
    port(1);
    int kept = port(2);
    String shared = f.sim.createListener(ACCOUNT, REGION, f.lb, 443, targetGroup(0));
    routing.ensureHostRule(owner(3), shared, "c.qa.example.com", targetGroup(3));

    for (int round = 0; round < 2; round++) {
      routing.releasePort(owner(1), f.lb, tgName(1));
      routing.releaseHost(owner(3), shared, tgName(3));
    }
    assertThat(f.listeners())
        .extracting(Inventory.ListenerInfo::port)
        .containsExactlyInAnyOrder(kept, 443);
    assertThat(f.inventory().rules()).isEmpty();
    assertThat(f.inventory().targetGroups())
        .extracting(t -> t.name())
        .containsExactlyInAnyOrder(tgName(0), tgName(2));
  }

  @Test
  void urlsNameTheLoadBalancerPortOrTheHost() {
    assertThat(routing.portUrl(f.lb, 10001))
        .matches("http://qa-\\d+\\.ap-northeast-1\\.elb\\.amazonaws\\.com:10001");
    assertThat(Routing.hostUrl("foo.qa.example.com", true)).isEqualTo("https://foo.qa.example.com");
    assertThat(Routing.hostUrl("foo.qa.example.com", false)).isEqualTo("http://foo.qa.example.com");
  }

  @Test
  void aListenerCreatedButNeverAnsweredIsFoundByTagNotCreatedTwice() {
    String tg = targetGroup(1);
    // Every CreateListener takes effect and then answers 500, retries included.
    f.sim.faults().set("CreateListener", FaultRule.lostResponses(1.0));
    var got = routing.ensurePortListener(owner(1), f.lb, RANGE, tg);
    assertThat(f.listeners())
        .singleElement()
        .satisfies(l -> assertThat(l.port()).isEqualTo(got.port()));
    assertThat(f.tagsOf(got.listenerArn())).containsEntry("slipway.dev/owner", owner(1).key());
  }

  @Test
  void aRuleCreatedButNeverAnsweredIsFoundByTagNotCreatedTwice() {
    String shared = f.sim.createListener(ACCOUNT, REGION, f.lb, 443, targetGroup(0));
    String tg = targetGroup(1);
    // The retry of a non-idempotent CreateRule meets our own rule: PriorityInUse.
    f.sim.faults().set("CreateRule", FaultRule.lostResponses(1.0));
    var got = routing.ensureHostRule(owner(1), shared, "a.qa.example.com", tg);
    assertThat(f.inventory().rules())
        .singleElement()
        .satisfies(r -> assertThat(r.arn()).isEqualTo(got.ruleArn()));
    assertThat(got.priority()).isEqualTo(1);
  }

  @Test
  void twoListenersLeftForOneOwnerByRacingReplicasSettleOnTheLowestPort() {
    String tg = targetGroup(1);
    var raw = f.sim.elb(f.target);
    for (int port : new int[] {10007, 10003}) {
      raw.createListener(
          r ->
              r.loadBalancerArn(f.lb)
                  .protocol("HTTP")
                  .port(port)
                  .defaultActions(a -> a.type("forward").targetGroupArn(tg))
                  .tags(OwnerTags.of(owner(1))));
    }
    assertThat(routing.ensurePortListener(owner(1), f.lb, RANGE, tg).port()).isEqualTo(10003);
    assertThat(f.listeners()).extracting(Inventory.ListenerInfo::port).containsExactly(10003);
  }
}
