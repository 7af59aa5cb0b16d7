package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/**
 * The request model can fail a test: a rule switched to a target group with no serving targets
 * counts every request it sends there, and writes of a production rule's actions during an ECS
 * deployment are counted as racing ECS.
 */
class TrafficTest {
  private final ProgressiveFixture f = new ProgressiveFixture();
  private String v1;

  @BeforeEach
  void blueIsServing() {
    v1 = f.register("app:1");
    f.createAndSettle(v1, BlueGreenDeploymentTest.blueGreen(0).build());
    f.startTraffic();
  }

  @Test
  void requestsGoOncePerSimulatedSecondThroughTheRules() {
    f.clock.advance(Duration.ofSeconds(10));
    assertThat(f.sim.traffic().byTaskDefinition(f.listener, "public")).isEqualTo(Map.of(v1, 1000L));
    assertThat(f.sim.traffic().byTargetGroup(f.listener, "office"))
        .isEqualTo(Map.of(f.blueTg, 100L));
    f.sim.traffic().stop(f.listener);
    f.clock.advance(Duration.ofSeconds(10));
    assertThat(f.sim.traffic().byTaskDefinition(f.listener, "public")).isEqualTo(Map.of(v1, 1000L));
    f.assertNothingLost();
  }

  @Test
  void aSwitchToAnEmptyTargetGroupIsCounted() {
    f.elb.modifyRule(r -> r.ruleArn(f.productionRule).actions(f.weighted(0, 100)));
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(f.sim.traffic().requestsToNothing()).isEqualTo(3000);
    assertThat(f.sim.traffic().requestsToNothingBreakdown())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.shape()).isEqualTo("public");
              assertThat(l.targetGroupArn()).isEqualTo(f.greenTg);
              assertThat(l.reason()).isEqualTo("empty");
            });
    // No deployment was in progress, so this write raced nobody.
    assertThat(f.sim.traffic().foreignActionWritesDuringDeployment()).isZero();
    f.elb.modifyRule(r -> r.ruleArn(f.productionRule).actions(f.weighted(100, 0)));
    f.sim.traffic().reset();
    f.clock.advance(Duration.ofSeconds(30));
    f.assertNothingLost();
  }

  @Test
  void aSwitchToTargetsStillRegisteringIsCountedAndRacesEcs() {
    String v2 = f.register("app:2");
    f.deploy(v2, BlueGreenDeploymentTest.blueGreen(0).build());
    f.runUntil(d -> "SCALE_UP".equals(d.lifecycleStageAsString()), Duration.ofMinutes(2));
    f.clock.advance(Duration.ofSeconds(25)); // green's tasks run but are not healthy yet
    // Conditions may change during a deployment; actions are ECS's.
    f.elb.modifyRule(
        r ->
            r.ruleArn(f.testRule)
                .conditions(
                    RuleCondition.builder()
                        .field("source-ip")
                        .sourceIpConfig(s -> s.values("203.0.113.0/24", "192.0.2.0/24"))
                        .build()));
    assertThat(f.sim.traffic().foreignActionWritesDuringDeployment()).isZero();
    f.elb.modifyRule(r -> r.ruleArn(f.testRule).actions(f.weighted(0, 100)));
    f.clock.advance(Duration.ofSeconds(5));
    assertThat(f.sim.traffic().foreignActionWrites())
        .singleElement()
        .satisfies(w -> assertThat(w.ruleArn()).isEqualTo(f.testRule));
    assertThat(f.sim.traffic().requestsToNothingBreakdown())
        .extracting(LostRequests::reason)
        .containsOnly("initial");
    assertThat(f.sim.traffic().requestsToNothing()).isPositive();
  }

  @Test
  void conditionsMatchAsAlbMatchesThem() {
    var host = cond("host-header").hostHeaderConfig(h -> h.values("*.example.COM")).build();
    var header =
        cond("http-header")
            .httpHeaderConfig(h -> h.httpHeaderName("X-Canary").values("on?", "yes*"))
            .build();
    var path = cond("path-pattern").pathPatternConfig(p -> p.values("/api/*")).build();
    var ip =
        cond("source-ip").sourceIpConfig(s -> s.values("203.0.113.0/24", "2001:db8::/32")).build();
    var method = cond("http-request-method").httpRequestMethodConfig(m -> m.values("POST")).build();
    var query =
        cond("query-string").queryStringConfig(q -> q.values(v -> v.key("v").value("2*"))).build();
    RequestShape r = RequestShape.of("r");
    assertThat(RuleConditions.matches(List.of(host), r.withHost("App.Example.com:8080"))).isTrue();
    assertThat(RuleConditions.matches(List.of(host), r.withHost("example.com"))).isFalse();
    assertThat(RuleConditions.matches(List.of(header), r.withHeader("x-canary", "ON1"))).isTrue();
    assertThat(RuleConditions.matches(List.of(header), r.withHeader("X-Canary", "on"))).isFalse();
    assertThat(RuleConditions.matches(List.of(header), r.withHeader("X-Canary", "yes please")))
        .isTrue();
    assertThat(RuleConditions.matches(List.of(path), r.withPath("/api/v1"))).isTrue();
    assertThat(RuleConditions.matches(List.of(path), r.withPath("/API/v1"))).isFalse();
    assertThat(RuleConditions.matches(List.of(ip), r.withSourceIp("203.0.113.200"))).isTrue();
    assertThat(RuleConditions.matches(List.of(ip), r.withSourceIp("2001:db8::1"))).isTrue();
    assertThat(RuleConditions.matches(List.of(ip), r.withSourceIp("203.0.114.1"))).isFalse();
    assertThat(RuleConditions.matches(List.of(method), r.withMethod("POST"))).isTrue();
    assertThat(RuleConditions.matches(List.of(query), r.withQuery("v", "2.1"))).isTrue();
    assertThat(RuleConditions.matches(List.of(path, ip), r.withPath("/api/x"))).isFalse();
  }

  private static RuleCondition.Builder cond(String field) {
    return RuleCondition.builder().field(field);
  }
}
