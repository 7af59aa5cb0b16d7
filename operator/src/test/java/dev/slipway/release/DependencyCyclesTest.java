package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Cycles through a release, and only through it. */
class DependencyCyclesTest {
  private static Function<String, List<String>> graph(Map<String, List<String>> edges) {
    return name -> edges.getOrDefault(name, List.of());
  }

  @Test
  void selfDependency() {
    assertThat(DependencyCycles.through("a", graph(Map.of("a", List.of("a")))))
        .hasValue(List.of("a", "a"));
  }

  @Test
  void twoCycleIsFoundFromEitherMember() {
    var g = graph(Map.of("a", List.of("b"), "b", List.of("a")));
    assertThat(DependencyCycles.through("a", g).map(DependencyCycles::describe))
        .hasValue("a → b → a");
    assertThat(DependencyCycles.through("b", g).map(DependencyCycles::describe))
        .hasValue("b → a → b");
  }

  @Test
  void threeCycle() {
    var g = graph(Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a")));
    assertThat(DependencyCycles.through("c", g)).hasValue(List.of("c", "a", "b", "c"));
  }

  @Test
  void aChainOrADiamondIsNoCycle() {
    assertThat(
            DependencyCycles.through(
                "a", graph(Map.of("a", List.of("b", "c"), "b", List.of("d"), "c", List.of("d")))))
        .isEmpty();
    assertThat(DependencyCycles.through("a", graph(Map.of()))).isEmpty();
  }

  @Test
  void aReachableCycleThatDoesNotContainTheReleaseIsNotItsCycle() {
    // c waits for a, which is stuck in its own cycle with b: c is not Invalid, a and b are.
    var g = graph(Map.of("c", List.of("a"), "a", List.of("b"), "b", List.of("a")));
    assertThat(DependencyCycles.through("c", g)).isEmpty();
    assertThat(DependencyCycles.through("a", g)).hasValue(List.of("a", "b", "a"));
  }

  @Test
  void missingDependenciesEndThePath() {
    var g = graph(Map.of("a", List.of("ghost", "b"), "b", List.of("a")));
    assertThat(DependencyCycles.through("a", g)).hasValue(List.of("a", "b", "a"));
  }

  @Test
  void theFirstDeclaredCycleIsReportedAndEachNodeIsReadOnce() {
    Map<String, Integer> reads = new java.util.HashMap<>();
    Map<String, List<String>> edges =
        Map.of(
            "a", List.of("x", "b", "c"),
            "x", List.of("y"),
            "y", List.of("x"),
            "b", List.of("x", "a"),
            "c", List.of("a"));
    var g =
        (Function<String, List<String>>)
            name -> {
              reads.merge(name, 1, Integer::sum);
              return edges.getOrDefault(name, List.of());
            };
    assertThat(DependencyCycles.through("a", g)).hasValue(List.of("a", "b", "a"));
    assertThat(reads.values()).allMatch(n -> n == 1);
  }

  @Test
  void problemNamesTheFieldAndThePath() {
    assertThat(DependencyCycles.problem(List.of("a", "b", "a")))
        .startsWith("dependsOn: dependency cycle a → b → a; ");
  }
}
