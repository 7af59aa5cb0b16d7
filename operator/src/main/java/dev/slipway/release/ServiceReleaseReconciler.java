package dev.slipway.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AutoScalingPort;
import dev.slipway.aws.CloudWatchPort;
import dev.slipway.aws.EcrPort;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.ElbPort;
import dev.slipway.aws.S3Port;
import dev.slipway.notifications.DeployNotifications;
import dev.slipway.release.progressive.EcsNativeDeployment;
import dev.slipway.status.Backoff;
import dev.slipway.status.Conditions;
import dev.slipway.status.DeletionFrame;
import dev.slipway.status.EventRecorder;
import dev.slipway.status.FleetMetrics;
import dev.slipway.status.ReconcileErrors;
import dev.slipway.status.ReconcileFrame;
import dev.slipway.status.VersionedStatusWrite;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a ServiceRelease toward ECS, as a checklist: validate, respect suspend and
 * dependencies, guard the account, observe the service, sleep or wake it, pass the preflight
 * checks, then ensure the task definition, pre-deploy tasks, service and autoscaling, and follow
 * the rollout. Status is patched only when it changed; waiting is done with rescheduling, never by
 * blocking a thread.
 */
public class ServiceReleaseReconciler
    implements Reconciler<ServiceRelease>, Cleaner<ServiceRelease> {
  public static final String RETRY_ANNOTATION = "slipway.dev/retry";
  private static final Logger log = LoggerFactory.getLogger(ServiceReleaseReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EcsPort ecs;
  private final AccountGuard guard;
  private final Clock clock;
  private final ReleaseSettings settings;
  private final ReleaseRegistry registry;
  private final EventRecorder events;
  private final PreflightStep preflight;
  private final TaskDefinitionStep taskDefinitions;
  private final PreDeployStep preDeploy;
  private final ServiceStep services;
  private final AutoscalingStep autoscaling;
  private final SleepStep power;
  private final RolloutStep rollouts;
  private final TrafficStep traffic;
  private final NativeRolloutStep nativeRollouts;
  private final WeightedRolloutStep weightedRollouts;
  private final RunningRevision running;
  private final DeletionStep deletion;
  private final ReleaseStatusWriter statusWriter;
  private final FleetMetrics metrics;
  private final ReconcileFrame<ServiceRelease, ServiceReleaseStatus> frame;
  private final DeletionFrame<ServiceRelease, ServiceReleaseStatus> deletions;
  private final ReleaseTeardown teardown;
  private final DeployNotifications notifications;

  public ServiceReleaseReconciler(
      KubernetesClient client,
      EcsPort ecs,
      AutoScalingPort autoscaling,
      S3Port s3,
      EcrPort ecr,
      ElbPort elb,
      CloudWatchPort cloudwatch,
      AccountGuard guard,
      EventRecorder events,
      Clock clock,
      ReleaseSettings settings,
      Backoff retry,
      ReleaseRegistry registry,
      FleetMetrics metrics,
      DeployNotifications notifications) {
    this.ecs = ecs;
    this.notifications = notifications;
    this.metrics = metrics;
    this.frame =
        new ReconcileFrame<>(
            FleetMetrics.RELEASES,
            metrics,
            new ReconcileErrors(events, metrics, clock),
            clock,
            ServiceReleaseStatus::new,
            ServiceReleaseReconciler::copy);
    this.guard = guard;
    this.clock = clock;
    this.settings = settings;
    this.registry = registry;
    this.events = events;
    this.preflight =
        new PreflightStep(
            new PreflightChecks(s3, ecr, new HttpProbe()), events, settings, System::nanoTime);
    this.taskDefinitions = new TaskDefinitionStep(ecs, events);
    this.preDeploy = new PreDeployStep(ecs, events, settings);
    this.services = new ServiceStep(ecs, events);
    ScalableTargets targets = new ScalableTargets(autoscaling);
    this.autoscaling = new AutoscalingStep(autoscaling, targets, events);
    this.power = new SleepStep(ecs, autoscaling, targets, events, settings);
    this.rollouts = new RolloutStep(ecs, events, settings);
    this.traffic = new TrafficStep(elb, events);
    this.nativeRollouts = new NativeRolloutStep(ecs, elb, cloudwatch, events, settings);
    this.weightedRollouts =
        new WeightedRolloutStep(
            new WeightedTraffic(elb),
            new CanaryServiceStep(ecs, events),
            rollouts,
            events,
            settings);
    this.running = new RunningRevision(ecs);
    this.deletion = new DeletionStep(ecs, autoscaling, events);
    this.statusWriter =
        new ReleaseStatusWriter(events, metrics, notifications, settings.historyLimit());
    this.teardown =
        new ReleaseTeardown(
            guard, deletion, new TrafficTeardown(elb, deletion, events), events, metrics);
    this.deletions =
        new DeletionFrame<>(
            client,
            events,
            ServiceRelease.class,
            ServiceReleaseStatus::new,
            clock,
            settings.minPoll(),
            retry);
  }

  @Override
  public List<EventSource<?, ServiceRelease>> prepareEventSources(
      EventSourceContext<ServiceRelease> context) {
    return List.of(registry.eventSource());
  }

  @Override
  public UpdateControl<ServiceRelease> reconcile(
      ServiceRelease sr, Context<ServiceRelease> context) {
    UpdateControl<ServiceRelease> control =
        frame.reconcile(sr, (r, status, previous) -> pass(r, status, previous, context));
    return control.isPatchStatus() && atOnce(control)
        ? VersionedStatusWrite.write(control, context, settings.minPoll())
        : control;
  }

  /** Whether the pass asked to be followed at once ({@link Outcome#AT_ONCE}). */
  private static boolean atOnce(UpdateControl<ServiceRelease> control) {
    return control.getScheduleDelay().filter(d -> d == Outcome.AT_ONCE.toMillis()).isPresent();
  }

  private Duration pass(
      ServiceRelease sr,
      ServiceReleaseStatus status,
      ServiceReleaseStatus previous,
      Context<ServiceRelease> context) {
    Pass pass = release(sr, status, context);
    statusWriter.apply(sr, status, previous.phase, pass.outcome(), pass.ctx(), clock.instant());
    // Delivery results and NotificationsDegraded; skipped when the spec could not be planned.
    if (pass.ctx() != null) notifications.settle(sr, status);
    metrics.release(sr, previous.phaseName(), status.phaseName(), clock.instant());
    registry.remember(
        sr,
        status,
        pass.ctx() == null ? null : pass.ctx().plan,
        pass.ctx() == null ? Optional.empty() : pass.ctx().service);
    if (Outcome.AT_ONCE.equals(pass.outcome().recheck()) && pass.ctx() != null) {
      // It changed nothing in AWS: the pass that follows at once need not describe the service.
      pass.ctx().service.ifPresent(s -> registry.handOn(sr, s));
    }
    log.debug(
        "{} → {} {}", sr.getMetadata().getName(), pass.outcome().phase(), pass.outcome().message());
    return pass.outcome().recheck();
  }

  /** The outcome of one pass and the context it ran in (null when it stopped before planning). */
  private record Pass(Outcome outcome, ReleaseContext ctx) {}

  private Pass release(
      ServiceRelease sr, ServiceReleaseStatus status, Context<ServiceRelease> context) {
    List<String> problems = SpecValidator.validate(sr.getSpec());
    if (!problems.isEmpty()) {
      return new Pass(
          Outcome.failed("Invalid", "invalid spec: " + String.join("; ", problems)), null);
    }
    Optional<Outcome> cycle = Dependencies.cycle(sr, context.getClient(), settings);
    if (cycle.isPresent()) return new Pass(cycle.get(), null);
    ReleasePlan plan = ReleasePlan.of(sr);
    ReleaseContext ctx = new ReleaseContext(sr, status, plan, clock.instant());
    status.serviceName = ctx.serviceName();
    status.desiredImage = plan.image();
    if (sr.getSpec().suspend) {
      return new Pass(
          new Outcome(
              Phase.Suspended,
              "Suspended",
              "spec.suspend is true: Slipway makes no changes to AWS",
              null),
          ctx);
    }
    statusWriter.beginReleaseIfNew(ctx);
    acknowledgeRetry(ctx);
    Outcome outcome = releaseSteps(ctx, context);
    running.observe(ctx);
    return new Pass(outcome, ctx);
  }

  private Outcome releaseSteps(ReleaseContext ctx, Context<ServiceRelease> context) {
    // A sleeping release does not wait for its dependencies: they are asleep too.
    if (!SleepStep.asleepRequested(ctx.resource)) {
      Optional<Outcome> waiting = Dependencies.waitingFor(ctx, context.getClient(), settings);
      if (waiting.isPresent()) return waiting.get();
    }
    AccountCheck check = guard.verify(ctx.plan.target());
    if (!check.matches())
      return Outcome.failed("WrongAccount", check.message(), Duration.ofMinutes(5));
    ctx.service =
        registry
            .freshObservation(ctx.resource)
            .or(() -> ecs.describeService(ctx.plan.target(), ctx.cluster(), ctx.serviceName()));
    Optional<Outcome> asleep = power.ensureAsleep(ctx);
    if (asleep.isPresent()) return asleep.get();
    if (ctx.plan.specHash().equals(ctx.status.failedSpecHash)) return terminal(ctx);
    // Everything below may write to ECS for this spec; the checks only read.
    Optional<Outcome> preflightStop = preflight.ensurePreflight(ctx);
    if (preflightStop.isPresent()) return preflightStop.get();
    boolean ecsNative = EcsNativeDeployment.isNative(ctx.resource.getSpec().strategy);
    boolean weighted = WeightedRolloutStep.isWeighted(ctx.resource.getSpec().strategy);
    Optional<Outcome> routing = strategyChange(ctx).or(() -> traffic.ensureTraffic(ctx));
    if (routing.isPresent()) return routing.get();
    String tdArn = taskDefinitions.ensureTaskDefinition(ctx);
    TaskDefinitionStep.record(ctx, tdArn);
    statusWriter.announceStart(ctx);
    Optional<Outcome> stopped =
        preDeploy
            .ensurePreDeployTasks(ctx, tdArn)
            .or(
                () ->
                    ecsNative
                        ? nativeRollouts.endedByEcs(ctx)
                        : weighted
                            ? weightedRollouts.before(ctx, tdArn)
                            : rollouts.endedByEcs(ctx, tdArn))
            .or(
                () -> {
                  power.ensureAwake(ctx);
                  // ECS's deployment of this spec is under way: the service is ECS's until it ends.
                  if (ecsNative && nativeRollouts.deploying(ctx)) return Optional.empty();
                  // Weighted: the stable service keeps its revision until every step is done.
                  return services.ensureService(
                      ctx, weighted ? weightedRollouts.stableRevision(ctx, tdArn) : tdArn);
                });
    if (stopped.isPresent()) return stopped.get();
    autoscaling.ensureAutoscaling(ctx);
    Outcome rollout =
        ecsNative
            ? nativeRollouts.await(ctx, tdArn)
            : weighted ? weightedRollouts.await(ctx, tdArn) : rollouts.awaitRollout(ctx, tdArn);
    return power.finishWake(ctx, rollout);
  }

  /**
   * Refuses to leave an ECS-native strategy for one whose service has a single target group: after
   * a blue/green the production rule may forward to the second target group, which the service
   * would stop registering tasks in, so requests would reach an emptied target group.
   */
  private static Optional<Outcome> strategyChange(ReleaseContext ctx) {
    ServiceReleaseStatus.ProgressiveStatus p = ctx.status.progressive;
    StrategySpec wanted = ctx.resource.getSpec().strategy;
    if (p == null || p.strategy == null || EcsNativeDeployment.isNative(wanted)) {
      return Optional.empty();
    }
    boolean wasNative = !p.strategy.equals("Weighted");
    if (!wasNative) return Optional.empty();
    return Optional.of(
        Outcome.failed(
            "StrategyChangeUnsupported",
            "strategy.type "
                + (wanted == null ? StrategySpec.Type.Rolling : wanted.type)
                + " after "
                + p.strategy
                + " is not supported: Slipway's production rule may forward to the second target "
                + "group, which the service would no longer use. Keep an ECS-native type "
                + "(BlueGreen, Canary, Linear), or see docs/progressive-delivery.md for moving "
                + "back by hand"));
  }

  /**
   * A spec whose release failed stays failed, without writes, until the spec or retry annotation
   * changes.
   */
  private static Outcome terminal(ReleaseContext ctx) {
    Phase phase =
        ctx.status.phase == Phase.RolledBack || ctx.status.phase == Phase.Aborted
            ? ctx.status.phase
            : Phase.Failed;
    String reason =
        Conditions.find(ctx.status.conditions, "Ready").map(c -> c.getReason()).orElse("Failed");
    String message = ctx.status.message == null ? "release failed" : ctx.status.message;
    return new Outcome(phase, reason, message, null);
  }

  private void acknowledgeRetry(ReleaseContext ctx) {
    Map<String, String> annotations = ctx.resource.getMetadata().getAnnotations();
    String retry = annotations == null ? null : annotations.get(RETRY_ANNOTATION);
    if (retry == null || retry.equals(ctx.status.retryAcknowledged)) return;
    ctx.status.retryAcknowledged = retry;
    if (ctx.plan.specHash().equals(ctx.status.failedSpecHash)) {
      ctx.status.failedSpecHash = null;
      ctx.status.preDeploy.removeIf(r -> ctx.plan.specHash().equals(r.specHash));
      ctx.status.rolloutStartedAt = null;
      ctx.currentRelease()
          .ifPresent(
              r -> {
                r.result = "InProgress";
                r.finishedAt = null;
                // Forget the failed deployment, or it would be mistaken for the retry's outcome.
                r.deploymentId = null;
                r.serviceDeploymentArn = null;
              });
      events.normal(
          ctx.resource,
          "Retrying",
          "Retrying the failed release (annotation " + RETRY_ANNOTATION + "=" + retry + ")");
    }
  }

  @Override
  public ErrorStatusUpdateControl<ServiceRelease> updateErrorStatus(
      ServiceRelease sr, Context<ServiceRelease> context, Exception e) {
    return frame.errorStatus(sr, e);
  }

  @Override
  public DeleteControl cleanup(ServiceRelease sr, Context<ServiceRelease> context) {
    registry.forget(sr);
    return deletions.cleanup(sr, teardown);
  }

  static ServiceReleaseStatus copy(ServiceReleaseStatus status) {
    return JSON.convertValue(status, ServiceReleaseStatus.class);
  }
}
