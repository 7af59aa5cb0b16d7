package dev.slipway.release.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.release.progressive.ReadBack.Health;
import dev.slipway.release.progressive.ReadBack.Verdict;
import dev.slipway.release.progressive.WeightActions.Weights;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

class ReadBackTest {
  static TargetHealthDescription target(String state) {
    return TargetHealthDescription.builder().targetHealth(h -> h.state(state)).build();
  }

  @Test
  void weightsAsLastWrittenLetTheStepGoOn() {
    assertThat(ReadBack.compare(Optional.of(new Weights(90, 10)), 10, 25))
        .isEqualTo(Verdict.AS_RECORDED);
  }

  @Test
  void weightsAsThisStepWouldWriteAreOurOwnLostWriteAndAreNotWrittenAgain() {
    assertThat(ReadBack.compare(Optional.of(new Weights(75, 25)), 10, 25))
        .isEqualTo(Verdict.AS_INTENDED);
  }

  @Test
  void anyOtherWeightsOrNoSplitAtAllMeanSomeoneElseChangedTheRule() {
    assertThat(ReadBack.compare(Optional.of(new Weights(50, 50)), 10, 25))
        .isEqualTo(Verdict.CHANGED);
    // Same ratio, other numbers: not what Slipway wrote either.
    assertThat(ReadBack.compare(Optional.of(new Weights(9, 1)), 10, 25)).isEqualTo(Verdict.CHANGED);
    assertThat(ReadBack.compare(Optional.empty(), 0, 0)).isEqualTo(Verdict.CHANGED);
  }

  @Test
  void aTargetGroupTakesMoreTrafficOnlyWithTargetsAllHealthy() {
    assertThat(Health.of(List.of()).ready()).isFalse();
    assertThat(Health.of(List.of()).describe()).isEqualTo("no targets registered");
    assertThat(Health.of(List.of(target("healthy"), target("initial"))).ready()).isFalse();
    assertThat(Health.of(List.of(target("healthy"), target("initial"))).describe())
        .isEqualTo("1/2 targets healthy");
    assertThat(Health.of(List.of(target("healthy"), target("unhealthy"))).ready()).isFalse();
    assertThat(Health.of(List.of(target("healthy"), target("healthy"))).ready()).isTrue();
  }

  @Test
  void drainingTargetsAreLeftOutButDoNotCountAsHealthy() {
    assertThat(Health.of(List.of(target("healthy"), target("draining"))).ready()).isTrue();
    assertThat(Health.of(List.of(target("draining"))).ready()).isFalse();
  }
}
