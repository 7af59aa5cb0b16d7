package dev.slipway.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.stateful.ReleaseSteps.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stateful randomized test of ServiceReleases next to things Slipway did not make: random sequences
 * of create, image bumps, crashlooping images, deletions with Retain or Delete, foreign
 * registrations in a shared family, a release named like the foreign service, and operator crashes,
 * with the invariants checked after every step.
 */
class ServiceReleaseStatefulIT {
  static EmbeddedKubeApi api;
  static KubernetesClient test;
  static SequenceRunner<Step> runner;

  @BeforeAll
  static void start() {
    StatefulSupport.quietLogs();
    api = StatefulSupport.startApi();
    test = StatefulSupport.client(api);
    runner = runner(api, test);
  }

  /** The runner both this test and the regressions use. */
  static SequenceRunner<Step> runner(EmbeddedKubeApi api, KubernetesClient test) {
    return new SequenceRunner<>(
        "ServiceRelease stateful",
        ReleasePlans::generate,
        (seed, index) -> new ReleaseWorld(test, api, StatefulSupport.prefix(index), seed),
        Step::java);
  }

  @AfterAll
  static void stop() {
    test.close();
    StatefulSupport.stopApi(api);
  }

  @Test
  void randomSequencesKeepEveryInvariant() {
    long base = StatefulSupport.BASE_SEED;
    long started = System.nanoTime();
    List<SequenceRunner.Outcome<Step>> outcomes =
        runner.runMany(base, StatefulSupport.TRIES, StatefulSupport.PARALLEL);
    Duration wall = Duration.ofNanos(System.nanoTime() - started);
    Map<Invariant, SequenceRunner.Outcome<Step>> minimal = new LinkedHashMap<>();
    if (StatefulSupport.MINIMIZE) {
      for (Invariant invariant : Invariant.values()) {
        outcomes.stream()
            .filter(o -> o.broke(invariant))
            .min(Comparator.comparingInt(o -> o.steps().size()))
            .ifPresent(
                o -> minimal.put(invariant, runner.minimize(o, invariant, Duration.ofSeconds(60))));
      }
    }
    String report = runner.report(base, outcomes, minimal, wall);
    System.out.println(report);
    System.out.println("report: " + SequenceReport.save("service-releases.txt", report, outcomes));
    assertThat(outcomes.stream().filter(o -> !o.failures().isEmpty()).map(o -> o.seed()))
        .as("seeds of sequences that broke an invariant (report above)")
        .isEmpty();
  }
}
