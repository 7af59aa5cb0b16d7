package dev.slipway.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.ElbPort;
import dev.slipway.environment.BranchDatastores.MissingSecretException;
import dev.slipway.environment.ChildReleases.ChildConflictException;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.status.Conditions;
import dev.slipway.status.EventRecorder;
import dev.slipway.status.FleetMetrics;
import dev.slipway.status.ReconcileErrors;
import dev.slipway.status.StatusControls;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles StagingEnvironments of both shapes: a shared environment runs its own releases and
 * sets the policy; a branch environment is provisioned from it (see {@link BranchEnvironments}) and
 * torn down on delete or TTL (see {@link BranchTeardown}). Child ServiceReleases wake their
 * environment through an informer on owner references.
 */
public class StagingEnvironmentReconciler
    implements Reconciler<StagingEnvironment>, Cleaner<StagingEnvironment> {
  private static final Logger log = LoggerFactory.getLogger(StagingEnvironmentReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final EventRecorder events;
  private final FleetMetrics metrics;
  private final ReconcileErrors errors;
  private final Clock clock;
  private final ReleaseSettings settings;
  private final BranchEnvironments branches;
  private final SharedEnvironments shared;
  private final BranchTeardown teardown;
  private final ChildReleases children;

  public StagingEnvironmentReconciler(
      KubernetesClient client,
      ElbPort elb,
      AccountGuard guard,
      EventRecorder events,
      FleetMetrics metrics,
      Clock clock,
      ReleaseSettings settings) {
    this.client = client;
    this.metrics = metrics;
    this.errors = new ReconcileErrors(events, metrics, clock);
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.children = new ChildReleases(client);
    BranchDatastores datastores = new BranchDatastores(client);
    this.teardown = new BranchTeardown(elb, children, datastores);
    this.branches =
        new BranchEnvironments(client, guard, children, datastores, teardown, clock, settings);
    this.shared = new SharedEnvironments(client, children, settings);
  }

  @Override
  public List<EventSource<?, StagingEnvironment>> prepareEventSources(
      EventSourceContext<StagingEnvironment> context) {
    // A child's status change (Ready, Failed) is what moves its environment on.
    InformerEventSourceConfiguration<ServiceRelease> childrenConfig =
        InformerEventSourceConfiguration.from(ServiceRelease.class, StagingEnvironment.class)
            .withName("environment-children")
            .withLabelSelector(ChildReleases.OWNER_UID_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(StagingEnvironment.class))
            .build();
    return List.of(new InformerEventSource<>(childrenConfig, context));
  }

  @Override
  public UpdateControl<StagingEnvironment> reconcile(
      StagingEnvironment env, Context<StagingEnvironment> context) {
    MDC.put("resource", env.getMetadata().getNamespace() + "/" + env.getMetadata().getName());
    metrics.reconciled(FleetMetrics.ENVIRONMENTS);
    try {
      StagingEnvironmentStatus previous =
          env.getStatus() == null ? new StagingEnvironmentStatus() : env.getStatus();
      StagingEnvironmentStatus status = copy(previous);
      EnvironmentOutcome outcome = pass(env, status);
      write(env, status, previous.phase, outcome);
      metrics.environment(
          env,
          env.isBranch(),
          previous.phase == null ? null : previous.phase.name(),
          status.phase.name(),
          clock.instant());
      return StatusControls.patchIfChanged(env, status, previous, outcome.recheck());
    } finally {
      MDC.remove("resource");
    }
  }

  private EnvironmentOutcome pass(StagingEnvironment env, StagingEnvironmentStatus status) {
    try {
      return env.isBranch() ? branches.reconcile(env, status) : shared.reconcile(env, status);
    } catch (AwsRateLimitedException e) {
      return EnvironmentOutcome.provisioning(
          "RateLimited",
          "waiting for AWS API capacity (" + e.bucket() + ")",
          e.waitTime().plusMillis(ThreadLocalRandom.current().nextLong(250, 1000)));
    } catch (MissingSecretException e) {
      return EnvironmentOutcome.failed("SecretNotFound", e.getMessage(), settings.resync());
    } catch (ChildConflictException e) {
      return EnvironmentOutcome.failed("Conflict", e.getMessage(), settings.resync());
    }
  }

  /** Phase, message, Ready condition and an Event when the phase changed. */
  private void write(
      StagingEnvironment env,
      StagingEnvironmentStatus status,
      Phase previousPhase,
      EnvironmentOutcome outcome) {
    Long generation = env.getMetadata().getGeneration();
    status.observedGeneration = generation;
    status.phase = outcome.phase();
    status.message = outcome.message();
    Conditions.set(
        status.conditions,
        Conditions.READY,
        outcome.phase() == Phase.Ready,
        outcome.reason(),
        outcome.message(),
        generation,
        clock.instant());
    Conditions.set(
        status.conditions,
        Conditions.DEGRADED,
        false,
        "Reconciled",
        "",
        generation,
        clock.instant());
    if (outcome.phase() != previousPhase) {
      if (outcome.phase() == Phase.Failed) events.warning(env, outcome.reason(), outcome.message());
      else events.normal(env, outcome.phase().name(), outcome.message());
    }
  }

  @Override
  public ErrorStatusUpdateControl<StagingEnvironment> updateErrorStatus(
      StagingEnvironment env, Context<StagingEnvironment> context, Exception e) {
    if (StatusControls.interruptedByShutdown(e)) return ErrorStatusUpdateControl.noStatusUpdate();
    StagingEnvironmentStatus status =
        env.getStatus() == null ? new StagingEnvironmentStatus() : copy(env.getStatus());
    status.message = errors.record(env, status.conditions, FleetMetrics.ENVIRONMENTS, e);
    env.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(env);
  }

  @Override
  public DeleteControl cleanup(StagingEnvironment env, Context<StagingEnvironment> context) {
    try {
      Optional<String> waiting = env.isBranch() ? deleteBranch(env) : shared.delete(env);
      if (waiting.isEmpty()) {
        events.normal(env, "Deleted", "everything this environment made is gone");
        metrics.forgetEnvironment(env);
        return DeleteControl.defaultDelete();
      }
      markDeleting(env, waiting.get());
      metrics.environment(
          env, env.isBranch(), phaseName(env), Phase.Deleting.name(), clock.instant());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.minPoll().toMillis());
    } catch (AwsRateLimitedException e) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(e.waitTime().toMillis() + 500);
    }
  }

  /**
   * Tears a branch environment down. Without its shared environment (or with an invalid one) only
   * the child releases can still go; the rest is named in a Warning so nobody has to guess.
   */
  private Optional<String> deleteBranch(StagingEnvironment env) {
    boolean valid = EnvironmentValidator.validate(env.getSpec()).isEmpty();
    BranchEnvironments.Resolution resolved = valid ? branches.resolve(env) : null;
    if (resolved == null || resolved.ctx() == null) {
      List<ServiceRelease> left = children.list(env);
      if (!left.isEmpty()) {
        children.deleteAll(left);
        return Optional.of("waiting for " + left.size() + " ServiceReleases to be deleted");
      }
      events.warning(
          env,
          "TeardownIncomplete",
          "shared environment "
              + (env.getSpec() == null ? "?" : env.getSpec().from)
              + " is missing or invalid, so routing, schema and Redis keys could not be"
              + " removed; look for AWS resources tagged slipway.dev/owner="
              + env.getMetadata().getNamespace()
              + "/"
              + env.getMetadata().getName()
              + "/<service>");
      return Optional.empty();
    }
    BranchContext ctx = resolved.ctx();
    return teardown.run(ctx, BranchEnvironments.dropSchemaOnDelete(ctx.policy()));
  }

  /** Best effort: kubectl shows Deleting and what is awaited while the finalizer holds. */
  private void markDeleting(StagingEnvironment env, String waiting) {
    if (env.getStatus() != null
        && env.getStatus().phase == Phase.Deleting
        && waiting.equals(env.getStatus().message)) return;
    try {
      client
          .resources(StagingEnvironment.class)
          .inNamespace(env.getMetadata().getNamespace())
          .withName(env.getMetadata().getName())
          .editStatus(
              fresh -> {
                if (fresh.getStatus() == null) fresh.setStatus(new StagingEnvironmentStatus());
                fresh.getStatus().phase = Phase.Deleting;
                fresh.getStatus().message = waiting;
                fresh.getStatus().url = null;
                return fresh;
              });
    } catch (KubernetesClientException e) {
      log.debug("could not mark {} Deleting: {}", env.getMetadata().getName(), e.getMessage());
    }
  }

  private static String phaseName(StagingEnvironment env) {
    return env.getStatus() == null || env.getStatus().phase == null
        ? null
        : env.getStatus().phase.name();
  }

  static StagingEnvironmentStatus copy(StagingEnvironmentStatus status) {
    return JSON.convertValue(status, StagingEnvironmentStatus.class);
  }
}
