package dev.slipway.stateful;

import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.stateful.ReleaseSteps.Collide;
import dev.slipway.stateful.ReleaseSteps.Create;
import dev.slipway.stateful.ReleaseSteps.Delete;
import dev.slipway.stateful.ReleaseSteps.Family;
import dev.slipway.stateful.ReleaseSteps.Policy;
import dev.slipway.stateful.ReleaseSteps.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sequences the randomized ServiceRelease test found (minimized), kept as regression tests; see
 * {@link StagingEnvironmentRegressionsIT} for how to add one.
 */
class ServiceReleaseRegressionsIT {
  static EmbeddedKubeApi api;
  static KubernetesClient test;
  static SequenceRunner<Step> runner;

  @BeforeAll
  static void start() {
    StatefulSupport.quietLogs();
    api = StatefulSupport.startApi();
    test = StatefulSupport.client(api);
    runner = ServiceReleaseStatefulIT.runner(api, test);
  }

  @AfterAll
  static void stop() {
    test.close();
    StatefulSupport.stopApi(api);
  }

  /** Two releases asking for the same content in one family: each deletes only its own. */
  @Test
  void deletingAReleaseNeverDeregistersAnotherReleasesRevision() {
    runner.replay(
        11,
        List.of(
            new Create("r1", Family.SHARED, "v1", Policy.Retain),
            new Create("r2", Family.SHARED, "v1", Policy.Delete),
            new Delete("r2", Policy.Delete),
            new Delete("r1", Policy.Retain)));
  }

  /**
   * Seed 16: a release whose service name is taken by a service Slipway did not make still removes
   * the revision it registered when deleted with Delete, and leaves the service alone.
   */
  @Test
  void aReleaseRefusedForAForeignServiceCleansUpItsOwnRevision() {
    runner.replay(16, List.of(new Collide("r1", Policy.Delete), new Delete("r1", Policy.Delete)));
  }
}
