package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.SleepRecord;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.Sandbox;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Sleep and wake of one release by its annotation, against the simulator's ECS and Application Auto
 * Scaling: counts and scaler settings come back exactly, the scaler cannot raise a sleeping
 * service, and a spec changed during sleep wins on wake.
 */
class SleepWakeIT {
  static final AwsTarget TARGET = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);
  static Sandbox sandbox;

  @BeforeAll
  static void start() {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void sleepRecordsScalesToZeroAndWakeRestoresCountsAndScalerExactly() {
    ServiceRelease sr = autoscaled("nap", 2, 20);
    create(sr);
    awaitPhase("nap", Phase.Ready);
    // The scaler had moved the service to 7 tasks; scale-out was suspended by someone on purpose.
    sandbox.aws().scaleTo(Releases.ACCOUNT, Releases.REGION, "core", "nap", 7);
    sandbox
        .aws()
        .autoscaling(TARGET)
        .registerScalableTarget(
            b ->
                b.serviceNamespace("ecs")
                    .resourceId(id("nap"))
                    .scalableDimension("ecs:service:DesiredCount")
                    .suspendedState(s -> s.dynamicScalingOutSuspended(true)));

    annotate("nap", true);
    ServiceRelease asleep = awaitPhase("nap", Phase.Sleeping);
    SleepRecord rec = asleep.getStatus().sleep;
    assertThat(rec.desiredCount).isEqualTo(7);
    assertThat(rec.minCapacity).isEqualTo(2);
    assertThat(rec.maxCapacity).isEqualTo(20);
    assertThat(rec.dynamicScalingOutSuspended).isTrue();
    assertThat(rec.dynamicScalingInSuspended).isFalse();
    assertThat(service("nap").desiredCount()).isZero();
    assertThat(service("nap").runningCount()).isZero();
    ScalableTarget sleeping = target("nap");
    assertThat(sleeping.minCapacity()).isZero();
    assertThat(sleeping.maxCapacity()).isZero();
    assertThat(sleeping.suspendedState().dynamicScalingInSuspended()).isTrue();
    assertThat(sleeping.suspendedState().scheduledScalingSuspended()).isTrue();

    // The scaler's policy fires: nothing moves while asleep.
    assertThat(sandbox.aws().scaleTo(Releases.ACCOUNT, Releases.REGION, "core", "nap", 5)).isZero();

    annotate("nap", false);
    ServiceRelease awake = awaitPhase("nap", Phase.Ready);
    assertThat(awake.getStatus().sleep).isNull();
    assertThat(awake.getStatus().message).startsWith("awake");
    assertThat(service("nap").desiredCount()).isEqualTo(7);
    assertThat(service("nap").runningCount()).isEqualTo(7);
    ScalableTarget restored = target("nap");
    assertThat(restored.minCapacity()).isEqualTo(2);
    assertThat(restored.maxCapacity()).isEqualTo(20);
    assertThat(restored.suspendedState().dynamicScalingOutSuspended()).isTrue();
    assertThat(restored.suspendedState().dynamicScalingInSuspended()).isFalse();
    assertThat(restored.suspendedState().scheduledScalingSuspended()).isFalse();
  }

  @Test
  void aSpecChangedWhileAsleepWinsOnWake() {
    create(autoscaled("respec", 2, 10));
    awaitPhase("respec", Phase.Ready);
    sandbox.aws().scaleTo(Releases.ACCOUNT, Releases.REGION, "core", "respec", 4);
    annotate("respec", true);
    awaitPhase("respec", Phase.Sleeping);

    resource("respec")
        .edit(
            r -> {
              r.getSpec().service.autoscaling.minCapacity = 6;
              r.getSpec().service.autoscaling.maxCapacity = 12;
              return r;
            });
    // Asleep, the new spec is held: nothing scales up.
    ServiceRelease held = awaitPhase("respec", Phase.Sleeping);
    assertThat(held.getStatus().observedGeneration).isEqualTo(held.getMetadata().getGeneration());
    assertThat(service("respec").desiredCount()).isZero();

    annotate("respec", false);
    awaitPhase("respec", Phase.Ready);
    assertThat(target("respec").minCapacity()).isEqualTo(6);
    assertThat(target("respec").maxCapacity()).isEqualTo(12);
    assertThat(service("respec").desiredCount())
        .as("4 recorded, raised to the new minimum")
        .isEqualTo(6);
  }

  @Test
  void aServiceWithoutAutoscalingSleepsAndWakesToItsCount() {
    ServiceRelease sr = Releases.web("plain", "repo/app:v1");
    sr.getSpec().service.desiredCount = 3;
    create(sr);
    awaitPhase("plain", Phase.Ready);
    annotate("plain", true);
    assertThat(awaitPhase("plain", Phase.Sleeping).getStatus().sleep.minCapacity).isNull();
    assertThat(service("plain").desiredCount()).isZero();
    annotate("plain", false);
    awaitPhase("plain", Phase.Ready);
    assertThat(service("plain").desiredCount()).isEqualTo(3);
    assertThat(service("plain").runningCount()).isEqualTo(3);
  }

  @Test
  void aTargetChangedByHandWhileAsleepIsPutBackToSleepAtTheNextLook() {
    create(autoscaled("meddled", 1, 4));
    awaitPhase("meddled", Phase.Ready);
    annotate("meddled", true);
    awaitPhase("meddled", Phase.Sleeping);
    assertThat(resource("meddled").get().getStatus().sleep.scalableTarget).isEqualTo("0..0");

    // Someone widens the range and resumes scaling: Application Auto Scaling raises the count.
    sandbox
        .aws()
        .autoscaling(TARGET)
        .registerScalableTarget(
            b ->
                b.serviceNamespace("ecs")
                    .resourceId(id("meddled"))
                    .scalableDimension("ecs:service:DesiredCount")
                    .minCapacity(2)
                    .maxCapacity(4)
                    .suspendedState(
                        s ->
                            s.dynamicScalingInSuspended(false)
                                .dynamicScalingOutSuspended(false)
                                .scheduledScalingSuspended(false)));
    assertThat(service("meddled").desiredCount()).isEqualTo(2);

    // The record says 0..0, but a sleeping service reads its target at every resync (2 s here).
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ScalableTarget t = target("meddled");
              assertThat(t.maxCapacity()).isZero();
              assertThat(t.suspendedState().dynamicScalingOutSuspended()).isTrue();
              assertThat(service("meddled").desiredCount()).isZero();
            });
    annotate("meddled", false);
    awaitPhase("meddled", Phase.Ready);
    assertThat(target("meddled").minCapacity()).isEqualTo(1);
    assertThat(target("meddled").maxCapacity()).isEqualTo(4);
    assertThat(target("meddled").suspendedState().dynamicScalingOutSuspended()).isFalse();
  }

  @Test
  void foreignScheduledActionsAreReportedAsAWarning() {
    create(autoscaled("scheduled", 1, 4));
    awaitPhase("scheduled", Phase.Ready);
    sandbox
        .aws()
        .autoscaling(TARGET)
        .putScheduledAction(
            b ->
                b.serviceNamespace("ecs")
                    .resourceId(id("scheduled"))
                    .scalableDimension("ecs:service:DesiredCount")
                    .scheduledActionName("business-hours-up")
                    .schedule("cron(0 8 * * ? *)")
                    .scalableTargetAction(a -> a.minCapacity(3).maxCapacity(4)));
    annotate("scheduled", true);
    ServiceRelease asleep = awaitPhase("scheduled", Phase.Sleeping);
    assertThat(asleep.getStatus().sleep.foreignScheduledActions)
        .containsExactly("business-hours-up");
    assertThat(asleep.getStatus().message).contains("warning").contains("business-hours-up");
    assertThat(
            sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "scheduled".equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason()))
        .contains("ForeignScheduledActions");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static ServiceRelease autoscaled(String name, int min, int max) {
    ServiceRelease sr = Releases.web(name, "repo/app:v1");
    sr.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
    sr.getSpec().service.autoscaling.minCapacity = min;
    sr.getSpec().service.autoscaling.maxCapacity = max;
    return sr;
  }

  private static void create(ServiceRelease sr) {
    sandbox.client().resources(ServiceRelease.class).inNamespace("default").resource(sr).create();
  }

  private static void annotate(String name, boolean asleep) {
    resource(name)
        .edit(
            r -> {
              Map<String, String> a =
                  r.getMetadata().getAnnotations() == null
                      ? new HashMap<>()
                      : new HashMap<>(r.getMetadata().getAnnotations());
              if (asleep) a.put(SleepStep.ANNOTATION, "true");
              else a.remove(SleepStep.ANNOTATION);
              r.getMetadata().setAnnotations(a);
              return r;
            });
  }

  private static Resource<ServiceRelease> resource(String name) {
    return sandbox.client().resources(ServiceRelease.class).inNamespace("default").withName(name);
  }

  private static ServiceRelease awaitPhase(String name, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ServiceRelease r = resource(name).get();
              assertThat(r.getStatus()).isNotNull();
              assertThat(r.getStatus().phase)
                  .as("%s: %s", name, r.getStatus().message)
                  .isEqualTo(phase);
              assertThat(r.getStatus().observedGeneration)
                  .isEqualTo(r.getMetadata().getGeneration());
            });
    return resource(name).get();
  }

  private static String id(String service) {
    return AutoScalingPort.resourceId("core", service);
  }

  private static Service service(String name) {
    return sandbox
        .aws()
        .ecs(TARGET)
        .describeServices(b -> b.cluster("core").services(name))
        .services()
        .get(0);
  }

  private static ScalableTarget target(String name) {
    return sandbox
        .aws()
        .autoscaling(TARGET)
        .describeScalableTargets(b -> b.serviceNamespace("ecs").resourceIds(id(name)))
        .scalableTargets()
        .get(0);
  }
}
