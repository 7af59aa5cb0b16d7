package dev.slipway.release.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.routing.SlotRange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

class TrafficRulesTest {
  static final String BLUE = "arn:aws:elasticloadbalancing:r:1:targetgroup/web/1";
  static final String GREEN = "arn:aws:elasticloadbalancing:r:1:targetgroup/web-alt/2";

  @Test
  void productionMatchesEveryPathUnlessTheSpecSaysOtherwise() {
    StrategySpec.Traffic t = new StrategySpec.Traffic();
    assertThat(TrafficRules.production(t))
        .singleElement()
        .satisfies(c -> assertThat(c.pathPatternConfig().values()).containsExactly("/*"));
    assertThat(TrafficRules.catchesAll(t)).isTrue();
    t.production = new StrategySpec.RuleConditions();
    t.production.hosts = List.of("shop.example.com");
    assertThat(TrafficRules.production(t))
        .singleElement()
        .satisfies(c -> assertThat(c.field()).isEqualTo("host-header"));
    assertThat(TrafficRules.catchesAll(t)).isFalse();
  }

  @Test
  void conditionsCompareByMeaningNotByHowAwsSpellsThem() {
    StrategySpec.RuleConditions c = new StrategySpec.RuleConditions();
    c.sourceIps = List.of("203.0.113.0/24", "198.51.100.0/24");
    c.header = new StrategySpec.Header();
    c.header.name = "X-Preview";
    c.header.values = List.of("1");
    List<RuleCondition> want = TrafficRules.conditions(c);
    // AWS answers with the legacy values and the typed config; order and header case differ.
    List<RuleCondition> have =
        List.of(
            RuleCondition.builder()
                .field("http-header")
                .httpHeaderConfig(h -> h.httpHeaderName("x-preview").values("1"))
                .build(),
            RuleCondition.builder()
                .field("source-ip")
                .sourceIpConfig(s -> s.values("198.51.100.0/24", "203.0.113.0/24"))
                .build());
    assertThat(TrafficRules.sameConditions(have, want)).isTrue();
    c.sourceIps = List.of("203.0.113.0/24");
    assertThat(TrafficRules.sameConditions(have, TrafficRules.conditions(c))).isFalse();
  }

  @Test
  void aTestRuleSharingTheListenerIsEvaluatedBeforeProduction() {
    SlotRange range = new SlotRange(40_000, 49_999);
    SlotRange test = TrafficRules.testRange(range, true);
    SlotRange production = TrafficRules.productionRange(range, true);
    assertThat(test.to()).isLessThan(production.from());
    assertThat(test.size() + production.size()).isEqualTo(range.size());
    assertThat(TrafficRules.productionRange(range, false)).isEqualTo(range);
    SlotRange two = new SlotRange(10, 11);
    assertThat(TrafficRules.testRange(two, true)).isEqualTo(new SlotRange(10, 10));
    assertThat(TrafficRules.productionRange(two, true)).isEqualTo(new SlotRange(11, 11));
  }

  @Test
  void theSecondTargetGroupNameFitsAwsLimit() {
    StrategySpec.Traffic t = new StrategySpec.Traffic();
    assertThat(TrafficRules.alternateTargetGroupName(t, "web")).isEqualTo("web-alt");
    String longName = TrafficRules.alternateTargetGroupName(t, "a".repeat(27) + "-bcdefgh");
    assertThat(longName).hasSizeLessThanOrEqualTo(32).endsWith("-alt").doesNotContain("--");
    t.alternateTargetGroupName = "shop-green";
    assertThat(TrafficRules.alternateTargetGroupName(t, "web")).isEqualTo("shop-green");
  }

  @Test
  void foreignRulesThatWouldKeepTrafficOnAnEmptiedTargetGroupAreFound() {
    Action toBlue = Action.builder().type("forward").targetGroupArn(BLUE).build();
    Action elsewhere =
        Action.builder().type("forward").targetGroupArn("arn:other/targetgroup/x/3").build();
    Rule ours = rule("ours", 45_000, TrafficRules.forward(BLUE, 100, GREEN, 0));
    Rule ahead = rule("ahead", 100, toBlue);
    Rule behind = rule("behind", 49_000, toBlue);
    Rule unrelated = rule("unrelated", 50, elsewhere);
    List<Rule> all = List.of(ours, ahead, behind, unrelated);
    Set<String> tgs = Set.of(BLUE, GREEN);

    assertThat(TrafficRules.conflicting(all, Set.of("ours"), tgs, 45_000, true))
        .extracting(Rule::ruleArn)
        .containsExactly("ahead");
    // A production rule that does not match everything lets the rule behind it catch requests.
    assertThat(TrafficRules.conflicting(all, Set.of("ours"), tgs, 45_000, false))
        .extracting(Rule::ruleArn)
        .containsExactly("ahead", "behind");
  }

  private static Rule rule(String arn, int priority, Action action) {
    return Rule.builder().ruleArn(arn).priority(Integer.toString(priority)).actions(action).build();
  }
}
