package dev.slipway.stateful;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The JOSDK context a pass gets from the step driver: the client, the primary resource and retry
 * information, which is what Slipway's reconcilers use. Anything else fails loudly, so a reconciler
 * that starts relying on more of JOSDK shows up here instead of silently behaving differently.
 */
final class DriverContext<P extends HasMetadata> implements Context<P> {
  private final KubernetesClient client;
  private final P primary;
  private final int attempt;

  DriverContext(KubernetesClient client, P primary, int attempt) {
    this.client = client;
    this.primary = primary;
    this.attempt = attempt;
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    if (attempt == 0) return Optional.empty();
    return Optional.of(
        new RetryInfo() {
          @Override
          public int getAttemptCount() {
            return attempt;
          }

          @Override
          public boolean isLastAttempt() {
            // The operator retries without a maximum.
            return false;
          }
        });
  }

  @Override
  public KubernetesClient getClient() {
    return client;
  }

  @Override
  public P getPrimaryResource() {
    return primary;
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }

  @Override
  public <R> Set<R> getSecondaryResources(Class<R> type) {
    throw notEmulated("getSecondaryResources");
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> type, String eventSourceName) {
    throw notEmulated("getSecondaryResource");
  }

  @Override
  public ControllerConfiguration<P> getControllerConfiguration() {
    throw notEmulated("getControllerConfiguration");
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw notEmulated("managedWorkflowAndDependentResourceContext");
  }

  @Override
  public EventSourceRetriever<P> eventSourceRetriever() {
    throw notEmulated("eventSourceRetriever");
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw notEmulated("getWorkflowExecutorService");
  }

  @Override
  public IndexedResourceCache<P> getPrimaryCache() {
    throw notEmulated("getPrimaryCache");
  }

  private static UnsupportedOperationException notEmulated(String method) {
    return new UnsupportedOperationException(
        "Context." + method + " is not emulated by the stateful tests' step driver; add it there");
  }
}
