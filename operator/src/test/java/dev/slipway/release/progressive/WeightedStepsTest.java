package dev.slipway.release.progressive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.StrategySpec.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedStepsTest {
  static Step weight(int w) {
    Step s = new Step();
    s.setWeight = w;
    return s;
  }

  static Step pause(Integer seconds) {
    Step s = new Step();
    s.pause = new StrategySpec.Pause();
    s.pause.durationSeconds = seconds;
    return s;
  }

  static Step header(String name, String value) {
    Step s = new Step();
    s.setHeaderRoute = new StrategySpec.HeaderRoute();
    s.setHeaderRoute.name = name;
    s.setHeaderRoute.value = value;
    return s;
  }

  final List<Step> plan =
      List.of(
          header("X-Partition", "blogs"),
          pause(null),
          weight(10),
          pause(60),
          weight(25),
          pause(null));

  @Test
  void eachStepIsToldAsAPersonReadsIt() {
    assertThat(plan.stream().map(WeightedSteps::describe))
        .containsExactly(
            "setHeaderRoute X-Partition: blogs",
            "pause until promoted",
            "setWeight 10",
            "pause 60s",
            "setWeight 25",
            "pause until promoted");
  }

  @Test
  void onlyAPauseWithoutADurationWaitsForPromotion() {
    assertThat(plan.stream().map(WeightedSteps::untilPromoted))
        .containsExactly(false, true, false, false, false, true);
    assertThat(WeightedSteps.pauseFor(plan.get(3))).contains(Duration.ofSeconds(60));
    assertThat(WeightedSteps.pauseFor(plan.get(1))).isEmpty();
    assertThat(WeightedSteps.pauseFor(plan.get(2))).isEmpty();
  }

  @Test
  void headerRoutesAccumulateUpToTheStep() {
    List<Step> two = List.of(weight(5), header("X-P", "a"), weight(10), header("X-P", "b"));
    assertThat(WeightedSteps.headerRoutesThrough(two, 0)).isEmpty();
    assertThat(WeightedSteps.headerRoutesThrough(two, 1))
        .extracting(r -> r.value)
        .containsExactly("a");
    assertThat(WeightedSteps.headerRoutesThrough(two, 3))
        .extracting(r -> r.value)
        .containsExactly("a", "b");
    assertThat(WeightedSteps.headerRoutesThrough(two, 99)).hasSize(2);
  }

  @Test
  void thePositionNamesTheStepAndBothWeights() {
    assertThat(WeightedSteps.position(plan, 4, 10))
        .isEqualTo("step 5/6: setWeight 25 (canary 10 %, stable 90 %)");
    assertThat(WeightedSteps.position(plan, 6, 100))
        .isEqualTo("steps done (canary 100 %, stable 0 %)");
  }

  @Test
  void aStrategyWithoutStepsHasNone() {
    assertThat(WeightedSteps.of(null)).isEmpty();
    assertThat(WeightedSteps.of(new StrategySpec())).isEmpty();
  }
}
