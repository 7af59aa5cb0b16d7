package dev.slipway.bench;

import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The benchmark's N ServiceReleases: one web service each (own task definition family, two tasks,
 * cluster "core"), created, edited and watched through the Kubernetes API like a user would.
 */
final class BenchFleet {
  static final String NAMESPACE = "bench";

  /** Client threads for creates and edits: enough that N edits land within a few seconds. */
  private static final int WRITERS = 8;

  private final KubernetesClient client;
  private final int size;
  private final PrintStream progress;

  BenchFleet(KubernetesClient client, int size, PrintStream progress) {
    this.client = client;
    this.size = size;
    this.progress = progress;
  }

  static String name(int i) {
    return String.format("bench-%04d", i);
  }

  /** Creates every release with {@code image}. */
  void create(String image) {
    parallel(i -> resources().inNamespace(NAMESPACE).resource(release(name(i), image)).create());
  }

  /**
   * Changes every release's image at once; returns {@link System#nanoTime()} just before each edit
   * was sent, by name (the CR change is at or after that moment).
   */
  Map<String, Long> bump(String image) {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    parallel(i -> sent.put(name(i), bumpOne(name(i), image)));
    return sent;
  }

  /** Changes one release's image; returns {@link System#nanoTime()} just before the edit. */
  long bumpOne(String name, String image) {
    long before = System.nanoTime();
    resource(name)
        .edit(
            sr -> {
              sr.getSpec().taskDefinition.containers.get(0).image = image;
              return sr;
            });
    return before;
  }

  /**
   * Waits until every release reports Ready for its current generation with {@code image}, polling
   * the API every {@code poll}; returns {@link System#nanoTime()} when that was first seen, and
   * puts into {@code readyAt} when each release was first seen Ready.
   *
   * @throws BenchTimeoutException after {@code timeout}, or as soon as a release is Failed or
   *     RolledBack for {@code image} (it will not become Ready by itself)
   */
  long awaitReady(
      String image, Duration timeout, Duration poll, String phase, Map<String, Long> readyAt) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long nextReport = start + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<ServiceRelease> items = resources().inNamespace(NAMESPACE).list().getItems();
      long now = System.nanoTime();
      items.stream()
          .filter(sr -> isReady(sr, image))
          .forEach(sr -> readyAt.putIfAbsent(sr.getMetadata().getName(), now));
      long ready = readyAt.size();
      if (ready == size) return now;
      items.stream()
          .filter(sr -> isStuck(sr, image))
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
      if (now > deadline)
        throw new BenchTimeoutException(
            phase + ": only " + ready + "/" + size + " Ready with " + image + " after " + timeout);
      if (now > nextReport) {
        progress.printf(
            "  %s: %d/%d Ready after %.0f s%n", phase, ready, size, (now - start) / 1e9);
        nextReport = now + Duration.ofSeconds(30).toNanos();
      }
      sleep(poll);
    }
  }

  static boolean isReady(ServiceRelease sr, String image) {
    return sr.getStatus() != null
        && sr.getStatus().phase == Phase.Ready
        && image.equals(sr.getStatus().image)
        && sr.getMetadata().getGeneration().equals(sr.getStatus().observedGeneration);
  }

  private static boolean isStuck(ServiceRelease sr, String image) {
    return Sandbox.isSettled(sr)
        && image.equals(sr.getStatus().desiredImage)
        && sr.getStatus().phase != Phase.Ready;
  }

  Resource<ServiceRelease> resource(String name) {
    return resources().inNamespace(NAMESPACE).withName(name);
  }

  private MixedOperation<
          ServiceRelease, KubernetesResourceList<ServiceRelease>, Resource<ServiceRelease>>
      resources() {
    return client.resources(ServiceRelease.class);
  }

  /** A web service like the examples': one container, two Fargate tasks, no load balancer. */
  static ServiceRelease release(String name, String image) {
    ServiceRelease sr = new ServiceRelease();
    sr.getMetadata().setName(name);
    sr.getMetadata().setNamespace(NAMESPACE);
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = new AwsSpec();
    spec.aws.accountId = Sandbox.ACCOUNT;
    spec.aws.region = Sandbox.REGION;
    spec.cluster = "core";
    spec.taskDefinition = new TaskDefinitionSpec();
    spec.taskDefinition.family = name;
    spec.taskDefinition.cpu = "256";
    spec.taskDefinition.memory = "512";
    ContainerSpec app = new ContainerSpec();
    app.name = "app";
    app.image = image;
    ContainerSpec.PortMapping port = new ContainerSpec.PortMapping();
    port.containerPort = 8080;
    app.portMappings = new ArrayList<>(List.of(port));
    app.environment = Map.of("APP_ENV", "production", "LOG_LEVEL", "info");
    spec.taskDefinition.containers = new ArrayList<>(List.of(app));
    spec.service = new ServiceSpec();
    spec.service.desiredCount = 2;
    spec.service.networkConfiguration = new ServiceSpec.NetworkConfiguration();
    spec.service.networkConfiguration.subnets = List.of("subnet-0a1b2c3d");
    sr.setSpec(spec);
    return sr;
  }

  private void parallel(IntConsumer body) {
    parallel(size, body);
  }

  /** Runs {@code body} for 0..size-1 on {@link #WRITERS} threads; fails on the first failure. */
  static void parallel(int size, IntConsumer body) {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      IntStream.range(0, size).forEach(i -> done.add(pool.submit(() -> body.accept(i))));
      for (Future<?> f : done) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Kubernetes API write failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
