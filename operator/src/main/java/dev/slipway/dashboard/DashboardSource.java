package dev.slipway.dashboard;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lists the environments and releases the operator watches (its namespaces and label selector). One
 * listing serves every viewer for a short while, so many open tabs cost the API server no more than
 * one.
 */
public final class DashboardSource {
  private static final Duration REUSE = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final String labelSelector;
  private final Clock clock;
  private Snapshot last;

  /** Empty {@code namespaces} means all; a null {@code labelSelector} means every resource. */
  public DashboardSource(
      KubernetesClient client, Set<String> namespaces, String labelSelector, Clock clock) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
    this.labelSelector = labelSelector;
    this.clock = clock;
  }

  /** Both kinds as listed at {@link Snapshot#at()}. */
  public record Snapshot(
      Instant at, List<StagingEnvironment> environments, List<ServiceRelease> releases) {}

  public synchronized Snapshot read() {
    Instant now = clock.instant();
    if (last != null && !now.isAfter(last.at().plus(REUSE)) && !now.isBefore(last.at()))
      return last;
    last = new Snapshot(now, list(StagingEnvironment.class), list(ServiceRelease.class));
    return last;
  }

  private <T extends HasMetadata> List<T> list(Class<T> type) {
    MixedOperation<T, KubernetesResourceList<T>, Resource<T>> op = client.resources(type);
    if (namespaces.isEmpty()) return select(op.inAnyNamespace()).list().getItems();
    List<T> all = new ArrayList<>();
    for (String ns : namespaces.stream().sorted().toList())
      all.addAll(select(op.inNamespace(ns)).list().getItems());
    return all;
  }

  private <T extends HasMetadata>
      FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> select(
          FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> op) {
    return labelSelector == null || labelSelector.isBlank()
        ? op
        : op.withLabelSelector(labelSelector);
  }
}
