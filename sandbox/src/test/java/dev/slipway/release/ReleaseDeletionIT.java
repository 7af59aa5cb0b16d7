package dev.slipway.release;

import static dev.slipway.release.ServiceReleaseIT.apply;
import static dev.slipway.release.ServiceReleaseIT.awaitPhase;
import static dev.slipway.release.ServiceReleaseIT.events;
import static dev.slipway.release.ServiceReleaseIT.get;
import static dev.slipway.release.ServiceReleaseIT.resource;
import static dev.slipway.release.ServiceReleaseIT.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.sandbox.sim.FaultKind;
import dev.slipway.sandbox.sim.FaultRule;
import dev.slipway.status.Conditions;
import dev.slipway.status.DeletionFrame;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every ServiceRelease can be deleted: while AWS refuses the teardown it shows Deleting /
 * TeardownBlocked with the cause and finishes once AWS answers; the abandon annotation releases it
 * at once and says what stays in AWS.
 */
class ReleaseDeletionIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @BeforeAll
  static void start() {
    ServiceReleaseIT.start();
  }

  @AfterAll
  static void stop() {
    ServiceReleaseIT.stop();
  }

  @AfterEach
  void clearFaults() {
    sandbox.aws().faults().clear();
  }

  @Test
  void aTeardownAwsRefusesIsBlockedWithItsCauseAndFinishesWhenAwsAnswers() {
    awaitPhase(apply(deleted("refused")), Phase.Ready);
    sandbox
        .aws()
        .faults()
        .set("ecs:UpdateService", FaultRule.errors(1.0, FaultKind.SERVICE_UNAVAILABLE));
    resource("refused").delete();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ServiceRelease sr = get("refused");
              assertThat(sr.getStatus().phase).isEqualTo(Phase.Deleting);
              assertThat(Conditions.find(sr.getStatus().conditions, Conditions.READY))
                  .get()
                  .satisfies(c -> assertThat(c.getReason()).isEqualTo("TeardownBlocked"));
              assertThat(sr.getStatus().message)
                  .startsWith("waiting to drain and delete ECS service refused")
                  .contains("retrying")
                  .contains(DeletionFrame.ABANDON_ANNOTATION);
            });
    assertThat(active("refused")).as("nothing was deleted meanwhile").isTrue();

    sandbox.aws().faults().clear();
    await().atMost(WAIT).until(() -> get("refused") == null);
    assertThat(active("refused")).isFalse();
  }

  @Test
  void abandoningReleasesTheFinalizerAndSaysWhatStaysInAws() {
    awaitPhase(apply(deleted("kept")), Phase.Ready);
    sandbox
        .aws()
        .faults()
        .set("ecs:UpdateService", FaultRule.errors(1.0, FaultKind.SERVICE_UNAVAILABLE));
    resource("kept").delete();
    await().atMost(WAIT).until(() -> get("kept").getStatus().phase == Phase.Deleting);

    resource("kept")
        .edit(
            sr -> {
              sr.getMetadata().setAnnotations(Map.of(DeletionFrame.ABANDON_ANNOTATION, "true"));
              return sr;
            });

    await().atMost(WAIT).until(() -> get("kept") == null);
    assertThat(events("kept"))
        .filteredOn(e -> "Abandoned".equals(e.getReason()))
        .singleElement()
        .extracting(Event::getMessage)
        .asString()
        .contains("ECS service kept");
    assertThat(active("kept")).as("left in AWS, as the Event says").isTrue();
  }

  /** Whether ECS has the service (ACTIVE or draining), read from the simulator directly. */
  private static boolean active(String name) {
    return sandbox
        .aws()
        .ecs(ServiceReleaseIT.TARGET)
        .describeServices(b -> b.cluster("core").services(name))
        .services()
        .stream()
        .anyMatch(s -> !"INACTIVE".equals(s.status()));
  }

  private static ServiceRelease deleted(String name) {
    ServiceRelease sr = Releases.web(name, "repo/app:v1");
    sr.getSpec().deletionPolicy = DeletionPolicy.Delete;
    return sr;
  }
}
