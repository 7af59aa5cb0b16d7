package dev.slipway.bench;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The staging benchmark's N releases, put to sleep and woken by the annotation a
 * StagingEnvironment's schedule sets on its children: every other one autoscaled (2..6 tasks), the
 * rest a plain desiredCount of 2.
 */
final class PowerFleet {
  static final String IMAGE = "repo/staging:v1";
  static final int MIN_CAPACITY = 2;
  static final int MAX_CAPACITY = 6;

  private final KubernetesClient client;
  private final int size;
  private final PrintStream progress;

  PowerFleet(KubernetesClient client, int size, PrintStream progress) {
    this.client = client;
    this.size = size;
    this.progress = progress;
  }

  static String name(int i) {
    return String.format("stg-%04d", i);
  }

  static boolean autoscaled(int i) {
    return i % 2 == 0;
  }

  /** How many of {@code n} releases are autoscaled. */
  static int autoscaledOf(int n) {
    return (n + 1) / 2;
  }

  void create() {
    BenchFleet.parallel(size, i -> client.resource(release(i)).create());
  }

  /**
   * Sets (or removes) the sleep annotation on every release with a patch of the annotation alone,
   * as kubectl annotate does: a whole-object update would race the operator's status writes.
   */
  void annotate(boolean asleep) {
    BenchFleet.parallel(
        size,
        i ->
            client
                .resources(ServiceRelease.class)
                .inNamespace(BenchFleet.NAMESPACE)
                .withName(name(i))
                .edit(
                    sr -> {
                      Map<String, String> a =
                          sr.getMetadata().getAnnotations() == null
                              ? new HashMap<>()
                              : new HashMap<>(sr.getMetadata().getAnnotations());
                      if (asleep) a.put(ServiceRelease.SLEEP_ANNOTATION, "true");
                      else a.remove(ServiceRelease.SLEEP_ANNOTATION);
                      sr.getMetadata().setAnnotations(a);
                      return sr;
                    }));
  }

  static boolean ready(ServiceRelease sr) {
    return BenchFleet.isReady(sr, IMAGE) && sr.getStatus().sleep == null;
  }

  static boolean sleeping(ServiceRelease sr) {
    return sr.getStatus() != null && sr.getStatus().phase == Phase.Sleeping;
  }

  /**
   * Waits until {@code done} holds for every release, polling the API every {@code poll}; returns
   * {@link System#nanoTime()} when that was first seen.
   *
   * @throws BenchTimeoutException after {@code timeout}, or when a release Failed or RolledBack
   */
  long await(Predicate<ServiceRelease> done, String phase, Duration timeout, Duration poll) {
    long start = System.nanoTime();
    long nextReport = start + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<ServiceRelease> items =
          client
              .resources(ServiceRelease.class)
              .inNamespace(BenchFleet.NAMESPACE)
              .list()
              .getItems();
      long now = System.nanoTime();
      long count = items.stream().filter(done).count();
      if (count == size) return now;
      items.stream()
          .filter(sr -> sr.getStatus() != null)
          .filter(
              sr ->
                  sr.getStatus().phase == Phase.Failed || sr.getStatus().phase == Phase.RolledBack)
          .findFirst()
          .ifPresent(
              sr -> {
                throw new BenchTimeoutException(
                    phase
                        + ": "
                        + sr.getMetadata().getName()
                        + " is "
                        + sr.getStatus().phase
                        + ": "
                        + sr.getStatus().message);
              });
      if (now - start > timeout.toNanos()) {
        throw new BenchTimeoutException(
            phase + ": only " + count + "/" + size + " done after " + timeout);
      }
      if (now > nextReport) {
        progress.printf("  %s: %d/%d after %.0f s%n", phase, count, size, (now - start) / 1e9);
        nextReport = now + Duration.ofSeconds(30).toNanos();
      }
      BenchFleet.sleep(poll);
    }
  }

  private ServiceRelease release(int i) {
    ServiceRelease sr = BenchFleet.release(name(i), IMAGE);
    if (autoscaled(i)) {
      sr.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
      sr.getSpec().service.autoscaling.minCapacity = MIN_CAPACITY;
      sr.getSpec().service.autoscaling.maxCapacity = MAX_CAPACITY;
    }
    return sr;
  }
}
