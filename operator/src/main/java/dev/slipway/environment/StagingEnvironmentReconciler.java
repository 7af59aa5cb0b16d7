package dev.slipway.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.ElastiCachePort;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.OpenSearchDomainPort;
import dev.slipway.aws.RdsPort;
import dev.slipway.environment.BranchDatastores.MissingSecretException;
import dev.slipway.environment.ChildReleases.ChildConflictException;
import dev.slipway.environment.cost.PriceTable;
import dev.slipway.environment.refresh.Refreshes;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.status.Backoff;
import dev.slipway.status.ConditionContract;
import dev.slipway.status.DeletionFrame;
import dev.slipway.status.EventRecorder;
import dev.slipway.status.FleetMetrics;
import dev.slipway.status.ReconcileErrors;
import dev.slipway.status.ReconcileFrame;
import dev.slipway.status.VersionedStatusWrite;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles StagingEnvironments of both shapes: a shared environment runs its own releases and
 * sets the policy; a branch environment is provisioned from it (see {@link BranchEnvironments}) and
 * torn down on delete or TTL (see {@link BranchDeletion}). Child ServiceReleases wake their
 * environment through an informer on owner references. The frame around each pass and each deletion
 * is the one ServiceReleases use.
 */
public class StagingEnvironmentReconciler
    implements Reconciler<StagingEnvironment>, Cleaner<StagingEnvironment>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StagingEnvironmentReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventRecorder events;
  private final FleetMetrics metrics;
  private final Clock clock;
  private final ReleaseSettings settings;
  private final BranchDatastores datastores;
  private final BranchEnvironments branches;
  private final SharedEnvironments shared;
  private final BranchDeletion branchDeletion;
  private final EnvironmentCosts costs;
  private final ReconcileFrame<StagingEnvironment, StagingEnvironmentStatus> frame;
  private final DeletionFrame<StagingEnvironment, StagingEnvironmentStatus> deletions;

  public StagingEnvironmentReconciler(
      KubernetesClient client,
      ElbPort elb,
      RdsPort rds,
      EcsPort ecs,
      ElastiCachePort elasticache,
      OpenSearchDomainPort opensearch,
      AccountGuard guard,
      EventRecorder events,
      FleetMetrics metrics,
      Clock clock,
      ReleaseSettings settings,
      Backoff retry,
      PriceTable prices) {
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    ChildReleases children = new ChildReleases(client);
    this.datastores = new BranchDatastores(client);
    SharedReferences references = new SharedReferences(datastores, elb, guard, clock);
    BranchClaims claims = new BranchClaims(datastores, client);
    BranchTeardown teardown = new BranchTeardown(elb, children, claims);
    this.branches =
        new BranchEnvironments(
            client, guard, children, datastores, claims, references, teardown, clock, settings);
    this.shared =
        new SharedEnvironments(
            client,
            children,
            references,
            new EnvironmentPower(settings, clock),
            new Refreshes(
                rds, ecs, elasticache, opensearch, guard, clock, new java.security.SecureRandom()),
            settings);
    this.branchDeletion =
        new BranchDeletion(new BranchResolver(client, settings), teardown, children, this::forget);
    this.costs = new EnvironmentCosts(client, prices, clock);
    this.frame =
        new ReconcileFrame<>(
            FleetMetrics.ENVIRONMENTS,
            metrics,
            new ReconcileErrors(events, metrics, clock),
            clock,
            StagingEnvironmentStatus::new,
            StagingEnvironmentReconciler::copy);
    this.deletions =
        new DeletionFrame<>(
            client,
            events,
            StagingEnvironment.class,
            StagingEnvironmentStatus::new,
            clock,
            settings.minPoll(),
            retry);
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
    UpdateControl<StagingEnvironment> control = frame.reconcile(env, this::pass);
    boolean refreshes = env.getSpec() != null && env.getSpec().refresh != null;
    return refreshes && control.isPatchStatus() ? writeStatus(control, context) : control;
  }

  /**
   * Writes the status of an environment that refreshes over the version the pass read only, and
   * caches what was written so that the next pass starts from it ({@link VersionedStatusWrite}).
   * status.refresh is the refresh's record (the run, which steps are done), so a pass must neither
   * act on an older copy of it nor write one back. A pass that ran before the informer had the last
   * write (on a child's event, or the look right after a run starts) then started a second run, or
   * ran the delete steps again after the restore, and its diff was merged into the newer status:
   * the refresh deleted the cluster it had just restored ("disappeared while being created"). A
   * conflict here is such a pass: its status is dropped and the environment is looked at again.
   */
  private UpdateControl<StagingEnvironment> writeStatus(
      UpdateControl<StagingEnvironment> control, Context<StagingEnvironment> context) {
    return VersionedStatusWrite.write(control, context, settings.minPoll());
  }

  private Duration pass(
      StagingEnvironment env, StagingEnvironmentStatus status, StagingEnvironmentStatus previous) {
    EnvironmentOutcome outcome = outcome(env, status);
    write(env, status, outcome);
    estimateCost(env, status);
    metrics.environment(
        env, env.isBranch(), previous.phaseName(), status.phaseName(), clock.instant());
    return outcome.recheck();
  }

  /**
   * status.cost and its gauges. The estimate only informs, so a failed read keeps the last one
   * rather than failing a pass that did its work.
   */
  private void estimateCost(StagingEnvironment env, StagingEnvironmentStatus status) {
    try {
      status.cost = costs.status(env);
    } catch (KubernetesClientException e) {
      log.warn("cannot estimate the cost of {}: {}", env.getMetadata().getName(), e.toString());
    }
    StagingEnvironmentStatus.CostStatus c = status.cost;
    if (c == null) return;
    metrics.environmentCost(
        env, env.isBranch(), c.hourlyNow, c.monthlyProjected, c.monthlyAlwaysOnOnDemand);
  }

  /** The kind's steps; user problems end in a named outcome, never in an exception text. */
  private EnvironmentOutcome outcome(StagingEnvironment env, StagingEnvironmentStatus status) {
    try {
      return env.isBranch() ? branches.reconcile(env, status) : shared.reconcile(env, status);
    } catch (ChildConflictException e) {
      return EnvironmentOutcome.failed("Conflict", e.getMessage(), settings.resync());
    } catch (MissingSecretException e) {
      // Deleted between the reference check and its use: the next pass names it the usual way.
      return EnvironmentOutcome.failed("SecretNotFound", e.getMessage(), settings.resync());
    }
  }

  /** Phase, message, the three conditions and an Event when the phase changed. */
  private void write(
      StagingEnvironment env, StagingEnvironmentStatus status, EnvironmentOutcome outcome) {
    String previousPhase = status.phaseName();
    Long generation = env.getMetadata().getGeneration();
    status.observedGeneration = generation;
    status.phase = outcome.phase();
    status.message = outcome.message();
    ConditionContract.apply(
        status.conditions,
        outcome.phase().name(),
        outcome.reason(),
        outcome.message(),
        generation,
        clock.instant());
    if (!outcome.phase().name().equals(previousPhase)) {
      if (ConditionContract.Standing.of(outcome.phase().name())
          == ConditionContract.Standing.FAILED) {
        events.warning(env, outcome.reason(), outcome.message());
      } else {
        events.normal(env, outcome.phase().name(), outcome.message());
      }
    }
  }

  @Override
  public ErrorStatusUpdateControl<StagingEnvironment> updateErrorStatus(
      StagingEnvironment env, Context<StagingEnvironment> context, Exception e) {
    return frame.errorStatus(env, e);
  }

  @Override
  public DeleteControl cleanup(StagingEnvironment env, Context<StagingEnvironment> context) {
    return deletions.cleanup(env, env.isBranch() ? branchDeletion : sharedDeletion);
  }

  private final DeletionFrame.Teardown<StagingEnvironment> sharedDeletion =
      new DeletionFrame.Teardown<>() {
        @Override
        public Optional<String> run(StagingEnvironment env) {
          return shared.delete(env);
        }

        @Override
        public List<String> leftBehind(StagingEnvironment env) {
          return shared.leftBehind(env);
        }

        @Override
        public void abandon(StagingEnvironment env) {
          shared.abandon(env);
        }

        @Override
        public void deleted(StagingEnvironment env) {
          forget(env);
        }
      };

  /** The environment is gone: an Event says so and its metric series go. */
  void forget(StagingEnvironment env) {
    events.normal(env, "Deleted", "everything this environment made is gone");
    metrics.forgetEnvironment(env);
  }

  /** Releases the datastore connections (a restarted or stopped operator opens its own). */
  @Override
  public void close() {
    datastores.close();
  }

  static StagingEnvironmentStatus copy(StagingEnvironmentStatus status) {
    return JSON.convertValue(status, StagingEnvironmentStatus.class);
  }
}
