package dev.slipway.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.stateful.EnvironmentSteps.Step;
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
 * Stateful randomized test of StagingEnvironments: random sequences of shared and branch
 * environments, duplicates, limits, invalid policies, deletions, TTL expiry, revivals, operator
 * crashes and datastore outages, on the simulator and the machine's MariaDB, PostgreSQL and Redis,
 * with the invariants checked after every step. A failing run prints, per broken invariant, the
 * seeds and the shortest sequence as Java: paste it into {@link StagingEnvironmentRegressionsIT}.
 */
class StagingEnvironmentStatefulIT {
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
        "StagingEnvironment stateful",
        EnvironmentPlans::generate,
        (seed, index) -> new EnvironmentWorld(test, api, StatefulSupport.prefix(index), seed),
        Step::java);
  }

  @AfterAll
  static void stop() {
    test.close();
    Datastores.shutdown();
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
                o -> minimal.put(invariant, runner.minimize(o, invariant, Duration.ofSeconds(90))));
      }
    }
    String report = runner.report(base, outcomes, minimal, wall);
    System.out.println(report);
    System.out.println(
        "report: " + SequenceReport.save("staging-environments.txt", report, outcomes));
    assertThat(outcomes.stream().filter(o -> !o.failures().isEmpty()).map(o -> o.seed()))
        .as("seeds of sequences that broke an invariant (report above)")
        .isEmpty();
  }
}
