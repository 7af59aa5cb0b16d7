package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyActionsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyTargetGroupsException;

/** ALB's limits on weighted forwards and rule conditions, with ELBv2's own error types. */
class AlbQuotaTest {
  private final SimFixture f = new SimFixture();
  private final ElasticLoadBalancingV2Client elb = f.sim.elb(f.target);
  private final String lb =
      f.sim.createLoadBalancer(SimFixture.ACCOUNT, SimFixture.REGION, "public");
  private final List<String> groups = new ArrayList<>();
  private final String listener;

  AlbQuotaTest() {
    for (int i = 0; i < 6; i++) {
      groups.add(f.sim.createTargetGroup(SimFixture.ACCOUNT, SimFixture.REGION, "tg-" + i, 80));
    }
    listener = f.sim.createListener(SimFixture.ACCOUNT, SimFixture.REGION, lb, 80, groups.get(0));
  }

  private Action weighted(int n, int weight) {
    List<TargetGroupTuple> tuples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tuples.add(TargetGroupTuple.builder().targetGroupArn(groups.get(i)).weight(weight).build());
    }
    return Action.builder().type("forward").forwardConfig(c -> c.targetGroups(tuples)).build();
  }

  private void create(Consumer<CreateRuleRequest.Builder> rule) {
    elb.createRule(
        r -> {
          r.listenerArn(listener)
              .priority(1)
              .conditions(host("a.example.com"))
              .actions(weighted(2, 1));
          rule.accept(r);
        });
  }

  private static RuleCondition host(String... values) {
    return RuleCondition.builder()
        .field("host-header")
        .hostHeaderConfig(h -> h.values(values))
        .build();
  }

  private static void validationError(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ElasticLoadBalancingV2Exception.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void weightedForwardsTakeUpToFiveTargetGroupsWeightedUpTo999() {
    create(r -> r.actions(weighted(5, 999)));
    assertThatThrownBy(() -> create(r -> r.priority(2).actions(weighted(6, 1))))
        .isInstanceOfSatisfying(
            TooManyTargetGroupsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyTargetGroups"));
    validationError(
        () -> create(r -> r.priority(3).actions(weighted(2, 1000))), "less than or equal to 999");
    validationError(
        () -> create(r -> r.priority(4).actions(weighted(2, -1))), "greater than or equal to 0");
    List<Action> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) six.add(weighted(1, 1).toBuilder().order(i + 1).build());
    assertThatThrownBy(() -> create(r -> r.priority(5).actions(six)))
        .isInstanceOfSatisfying(
            TooManyActionsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyActions"));
    validationError(() -> create(r -> r.priority(6).actions(six.subList(0, 2))), "only one");
    var rule = elb.describeRules(r -> r.listenerArn(listener)).rules().get(0);
    assertThat(rule.actions().get(0).forwardConfig().targetGroups()).hasSize(5);
  }

  @Test
  void conditionsHaveAlbLimits() {
    validationError(() -> create(r -> r.conditions(host("a", "b", "c", "d"))), "'3' values");
    validationError(
        () ->
            create(
                r ->
                    r.conditions(
                        host("a", "b", "c"),
                        RuleCondition.builder()
                            .field("path-pattern")
                            .pathPatternConfig(p -> p.values("/a", "/b", "/c"))
                            .build())),
        "'5' condition values");
    validationError(() -> create(r -> r.conditions(host("a"), host("b"))), "one 'host-header'");
    validationError(() -> create(r -> r.conditions(host("*.a?", "*b*", "c**"))), "'5' wildcards");
    validationError(
        () ->
            create(
                r ->
                    r.conditions(
                        RuleCondition.builder()
                            .field("source-ip")
                            .sourceIpConfig(s -> s.values("10.0.0.1"))
                            .build())),
        "not a valid CIDR");
    validationError(
        () ->
            create(
                r ->
                    r.conditions(
                        RuleCondition.builder()
                            .field("http-header")
                            .httpHeaderConfig(h -> h.httpHeaderName("X-*").values("1"))
                            .build())),
        "header name");
    // Two http-header conditions are fine: only host, path, method and source IP are single.
    create(
        r ->
            r.conditions(
                RuleCondition.builder()
                    .field("http-header")
                    .httpHeaderConfig(h -> h.httpHeaderName("A").values("1"))
                    .build(),
                RuleCondition.builder()
                    .field("http-header")
                    .httpHeaderConfig(h -> h.httpHeaderName("B").values("2"))
                    .build()));
  }
}
