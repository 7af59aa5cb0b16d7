package dev.slipway.release.progressive;

import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.StrategySpec.HeaderRoute;
import dev.slipway.api.v1alpha1.StrategySpec.Step;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The step plan of a Weighted release, read purely from its spec: what each step is, which header
 * routes are in place once a step is done, and how the position is told to people.
 */
public final class WeightedSteps {
  private WeightedSteps() {}

  /** What one step does, as a person reads it: "setWeight 25", "pause until promoted". */
  public static String describe(Step s) {
    if (s.setWeight != null) return "setWeight " + s.setWeight;
    if (s.setHeaderRoute != null) {
      return "setHeaderRoute " + s.setHeaderRoute.name + ": " + s.setHeaderRoute.value;
    }
    if (s.pause != null && s.pause.durationSeconds != null) {
      return "pause " + s.pause.durationSeconds + "s";
    }
    return "pause until promoted";
  }

  /** Whether the step waits for slipway.dev/promote (a pause without a duration). */
  public static boolean untilPromoted(Step s) {
    return s.setWeight == null
        && s.setHeaderRoute == null
        && (s.pause == null || s.pause.durationSeconds == null);
  }

  /** How long a timed pause lasts; empty for any other step. */
  public static Optional<Duration> pauseFor(Step s) {
    return s.pause == null || s.pause.durationSeconds == null
        ? Optional.empty()
        : Optional.of(Duration.ofSeconds(s.pause.durationSeconds));
  }

  /** The header routes in place once the steps up to and including {@code index} are done. */
  public static List<HeaderRoute> headerRoutesThrough(List<Step> steps, int index) {
    return IntStream.rangeClosed(0, Math.min(index, steps.size() - 1))
        .mapToObj(steps::get)
        .map(s -> s.setHeaderRoute)
        .filter(r -> r != null)
        .toList();
  }

  /**
   * Where the release stands, e.g. "step 3/6: setWeight 25 (canary 25 %, stable 75 %)"; past the
   * last step, "steps done (canary 100 %, stable 0 %)".
   */
  public static String position(List<Step> steps, int index, int canaryWeight) {
    String weights = "(canary " + canaryWeight + " %, stable " + (100 - canaryWeight) + " %)";
    if (index >= steps.size()) return "steps done " + weights;
    return "step "
        + (index + 1)
        + "/"
        + steps.size()
        + ": "
        + describe(steps.get(index))
        + " "
        + weights;
  }

  /** The steps of a Weighted strategy (empty for any other). */
  public static List<Step> of(StrategySpec s) {
    return s == null || s.weighted == null || s.weighted.steps == null
        ? List.of()
        : s.weighted.steps;
  }
}
