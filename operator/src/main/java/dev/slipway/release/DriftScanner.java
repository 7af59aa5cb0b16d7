package dev.slipway.release;

import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.EcsPort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The periodic resync: observes every settled release's service with batched DescribeServices (≤ 10
 * per call, grouped by account, Region and cluster across resources) and wakes only the releases
 * whose service drifted, disappeared or changed counts. Resync cost is therefore about one read per
 * ten services, not one per resource.
 */
public final class DriftScanner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DriftScanner.class);

  private final ReleaseRegistry registry;
  private final EcsPort ecs;
  private final Duration interval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slipway-drift-scanner");
            t.setDaemon(true);
            return t;
          });

  public DriftScanner(ReleaseRegistry registry, EcsPort ecs, Duration interval) {
    this.registry = registry;
    this.ecs = ecs;
    this.interval = interval;
  }

  public void start() {
    timer.scheduleWithFixedDelay(
        this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void scanSafely() {
    try {
      scanOnce();
    } catch (RuntimeException e) {
      log.warn("drift scan failed, will try again in {}: {}", interval, e.toString());
    }
  }

  /** One resync over every settled release; returns how many were woken. */
  public int scanOnce() {
    Map<String, List<ReleaseRegistry.Entry>> groups =
        registry.settled().stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.target().key() + "|" + e.target().roleArn() + "|" + e.cluster()));
    int woken = 0;
    for (List<ReleaseRegistry.Entry> group : groups.values()) {
      ReleaseRegistry.Entry first = group.get(0);
      List<String> names = group.stream().map(ReleaseRegistry.Entry::service).distinct().toList();
      Map<String, Service> observed = ecs.describeServices(first.target(), first.cluster(), names);
      for (ReleaseRegistry.Entry entry : group) {
        Service s = observed.get(entry.service());
        if (needsReconcile(entry, s)) {
          registry.wake(entry.id(), s);
          woken++;
        }
      }
    }
    return woken;
  }

  static boolean needsReconcile(ReleaseRegistry.Entry entry, Service s) {
    if (s == null || !"ACTIVE".equals(s.status())) return true;
    if (!ReleaseStatusWriter.replicas(s).equals(entry.replicas())) return true;
    String deployment =
        s.deployments().stream()
            .filter(d -> "PRIMARY".equals(d.status()))
            .findFirst()
            .map(d -> ReleaseRegistry.deploymentKey(d.id(), d.rolloutStateAsString()))
            .orElse(null);
    if (!Objects.equals(deployment, entry.deployment())) return true;
    if (entry.phase() != Phase.Ready) return false;
    if (!ServiceDrift.between(entry.desired(), entry.taskDefinitionArn(), s).isEmpty()) return true;
    return s.deployments().stream()
        .filter(d -> "PRIMARY".equals(d.status()))
        .map(Deployment::rolloutStateAsString)
        .anyMatch(state -> state != null && !"COMPLETED".equals(state));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
