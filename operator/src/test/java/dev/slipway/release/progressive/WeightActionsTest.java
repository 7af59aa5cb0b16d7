package dev.slipway.release.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.release.progressive.WeightActions.Weights;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

class WeightActionsTest {
  static final String STABLE = "arn:aws:elasticloadbalancing:r:1:targetgroup/web/1";
  static final String CANARY = "arn:aws:elasticloadbalancing:r:1:targetgroup/web-alt/2";
  static final String OTHER = "arn:aws:elasticloadbalancing:r:1:targetgroup/other/3";

  static Rule rule(Action a) {
    return Rule.builder().ruleArn("rule").actions(a).build();
  }

  @Test
  void aCanaryWeightSplitsOneHundredPercentBetweenTheTwoTargetGroups() {
    Action a = WeightActions.forward(STABLE, CANARY, 25);
    assertThat(a.forwardConfig().targetGroups())
        .extracting(TargetGroupTuple::targetGroupArn, TargetGroupTuple::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(STABLE, 75),
            org.assertj.core.groups.Tuple.tuple(CANARY, 25));
    assertThat(WeightActions.observed(rule(a), STABLE, CANARY)).contains(new Weights(75, 25));
    assertThat(Weights.canary(25)).isEqualTo(new Weights(75, 25));
  }

  @Test
  void whatSlipwayWroteIsReadBackExactly() {
    for (int w : new int[] {0, 1, 50, 99, 100}) {
      assertThat(
              WeightActions.observed(
                  rule(WeightActions.forward(STABLE, CANARY, w)), STABLE, CANARY))
          .contains(Weights.canary(w));
    }
  }

  @Test
  void aPlainForwardIsAllToThatGroupAndAForeignGroupIsNotASplitOfOurs() {
    Action plainStable = Action.builder().type("forward").targetGroupArn(STABLE).build();
    assertThat(WeightActions.observed(rule(plainStable), STABLE, CANARY))
        .contains(new Weights(100, 0));
    Action plainOther = Action.builder().type("forward").targetGroupArn(OTHER).build();
    assertThat(WeightActions.observed(rule(plainOther), STABLE, CANARY)).isEmpty();
    Action third = TrafficRules.forward(STABLE, 50, OTHER, 50);
    assertThat(WeightActions.observed(rule(third), STABLE, CANARY)).isEmpty();
    Action fixed =
        Action.builder()
            .type("fixed-response")
            .fixedResponseConfig(f -> f.statusCode("503"))
            .build();
    assertThat(WeightActions.observed(rule(fixed), STABLE, CANARY)).isEmpty();
  }

  @Test
  void aHeaderRouteMatchesOneValueAndSendsEverythingToTheCanary() {
    StrategySpec.HeaderRoute r = new StrategySpec.HeaderRoute();
    r.name = "X-Partition";
    r.value = "blogs";
    var c = WeightActions.condition(r);
    assertThat(c.field()).isEqualTo("http-header");
    assertThat(c.httpHeaderConfig().httpHeaderName()).isEqualTo("X-Partition");
    assertThat(c.httpHeaderConfig().values()).containsExactly("blogs");
    assertThat(WeightActions.observed(rule(WeightActions.toCanary(CANARY)), STABLE, CANARY))
        .contains(new Weights(0, 1));
  }
}
