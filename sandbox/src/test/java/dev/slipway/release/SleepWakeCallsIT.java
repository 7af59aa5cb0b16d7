package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.CallStats;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one sleep and one wake cost in AWS calls, counted by the simulator over a few autoscaled and
 * a few plain releases: at most one DescribeScalableTargets per autoscaled service per transition,
 * none for a service without autoscaling, and the writes exactly the minimum. Apart from {@link
 * SleepWakeIT} because its 2 s resync would add passes (and reads) that belong to no transition.
 */
class SleepWakeCallsIT {
  static final String AAS = "application-autoscaling";

  /** Different from {@link #PLAIN}, so a read per plain service cannot pass for the budget. */
  static final int AUTOSCALED = 2;

  static final int PLAIN = 3;
  static final int SERVICES = AUTOSCALED + PLAIN;
  static Sandbox sandbox;
  static SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void start() {
    // Resync an hour away: every pass counted belongs to the transition.
    ReleaseSettings settings =
        new ReleaseSettings(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofHours(1), 10);
    sandbox = Sandbox.start(0, 60, settings, meters);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void aSleepAndAWakeMakeTheFewestAutoScalingCallsPerService() {
    names().forEach(n -> create(release(n)));
    awaitAll(r -> r.getStatus().phase == Phase.Ready);

    Counts sleep = transition(true, r -> r.getStatus().phase == Phase.Sleeping);
    Counts wake =
        transition(false, r -> r.getStatus().phase == Phase.Ready && r.getStatus().sleep == null);

    assertThat(sleep.aas("DescribeScalableTargets"))
        .as("sleep: DescribeScalableTargets, at most 1 per autoscaled service, 0 per plain one")
        .isLessThanOrEqualTo(AUTOSCALED);
    assertThat(sleep.aas("DescribeScheduledActions")).isLessThanOrEqualTo(AUTOSCALED);
    assertThat(sleep.aas("RegisterScalableTarget"))
        .as("sleep: 0..0, suspended")
        .isEqualTo(AUTOSCALED);
    assertThat(sleep.aas("PutScalingPolicy")).isZero();
    assertThat(sleep.ecs("UpdateService")).as("sleep: desiredCount 0").isEqualTo(SERVICES);
    // The record pass hands its observation to the pass it asked for at once.
    assertThat(sleep.ecs("DescribeServices"))
        .as("sleep: DescribeServices in %d passes", sleep.passes())
        .isLessThanOrEqualTo(sleep.passes() - SERVICES);

    assertThat(wake.aas("DescribeScalableTargets"))
        .as("wake: DescribeScalableTargets, at most 1 per autoscaled service, 0 per plain one")
        .isLessThanOrEqualTo(AUTOSCALED);
    assertThat(wake.aas("DescribeScheduledActions")).isZero();
    assertThat(wake.aas("RegisterScalableTarget"))
        .as("wake: the range back suspended, then scaling resumed")
        .isEqualTo(2 * AUTOSCALED);
    assertThat(wake.aas("PutScalingPolicy")).isZero();
    assertThat(wake.ecs("UpdateService")).as("wake: desiredCount back").isEqualTo(SERVICES);
    assertThat(wake.ecs("DescribeServices"))
        .as("wake: DescribeServices in %d passes", wake.passes())
        .isLessThanOrEqualTo(wake.passes());
  }

  /** AWS calls received and passes run while every release went to sleep or woke. */
  private record Counts(Map<String, CallStats> calls, long passes) {
    long aas(String operation) {
      return received(AAS + ":" + operation);
    }

    long ecs(String operation) {
      return received("ecs:" + operation);
    }

    private long received(String key) {
      CallStats stats = calls.get(key);
      return stats == null ? 0 : stats.received();
    }
  }

  private static Counts transition(boolean asleep, Predicate<ServiceRelease> done) {
    AwsSimulator aws = sandbox.aws();
    aws.resetCounters();
    double before = passes();
    names().forEach(n -> annotate(n, asleep));
    awaitAll(done);
    Counts counts = new Counts(aws.calls(), (long) (passes() - before));
    System.out.printf(
        "%s of %d autoscaled + %d plain: %s in %d passes%n",
        asleep ? "sleep" : "wake", AUTOSCALED, PLAIN, aws.calls(), counts.passes());
    return counts;
  }

  private static double passes() {
    return meters.find("operator.sdk.reconciliations.started").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static List<String> names() {
    return Stream.concat(
            IntStream.range(0, AUTOSCALED).mapToObj(i -> "scaled-" + i),
            IntStream.range(0, PLAIN).mapToObj(i -> "plain-" + i))
        .toList();
  }

  private static ServiceRelease release(String name) {
    ServiceRelease sr = Releases.web(name, "repo/app:v1");
    if (name.startsWith("scaled-")) {
      sr.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
      sr.getSpec().service.autoscaling.minCapacity = 2;
      sr.getSpec().service.autoscaling.maxCapacity = 4;
    }
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

  private static void awaitAll(Predicate<ServiceRelease> done) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(names())
                    .allSatisfy(
                        n -> {
                          ServiceRelease r = resource(n).get();
                          assertThat(r.getStatus()).isNotNull();
                          assertThat(done.test(r))
                              .as("%s: %s %s", n, r.getStatus().phase, r.getStatus().message)
                              .isTrue();
                        }));
  }
}
