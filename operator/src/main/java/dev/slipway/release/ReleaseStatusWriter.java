package dev.slipway.release;

import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ReleaseRecord;
import dev.slipway.notifications.DeployNotifications;
import dev.slipway.status.ConditionContract;
import dev.slipway.status.EventRecorder;
import dev.slipway.status.FleetMetrics;
import java.time.Instant;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Turns a pass's outcome into status: phase, conditions, history, last good revision and the
 * terminal-failure marker; records an Event when the phase changes; and announces the deploy events
 * of a release attempt (Started, AwaitingPromotion, then Succeeded, Failed, RolledBack or Aborted)
 * where its history record changes.
 */
final class ReleaseStatusWriter {
  /** Outcomes that end a release attempt for this spec hash: it is not pushed again. */
  private static final Set<String> RELEASE_FAILURES =
      Set.of(
          "PreDeployFailed",
          "RolloutFailed",
          "ProgressDeadlineExceeded",
          "CircuitBreaker",
          "Aborted",
          "DeploymentRolledBack",
          "DeploymentStopped",
          "RollbackFailed");

  private final EventRecorder events;
  private final FleetMetrics metrics;
  private final DeployNotifications notifications;
  private final int historyLimit;

  ReleaseStatusWriter(
      EventRecorder events,
      FleetMetrics metrics,
      DeployNotifications notifications,
      int historyLimit) {
    this.events = events;
    this.metrics = metrics;
    this.notifications = notifications;
    this.historyLimit = historyLimit;
  }

  /** A new spec hash starts a new release record (and supersedes an unfinished one). */
  void beginReleaseIfNew(ReleaseContext ctx) {
    if (ctx.currentRelease().isPresent()) return;
    ServiceReleaseStatus status = ctx.status;
    if (!status.history.isEmpty() && "InProgress".equals(status.history.get(0).result)) {
      status.history.get(0).result = "Superseded";
      status.history.get(0).finishedAt = ctx.now.toString();
    }
    ReleaseRecord record = new ReleaseRecord();
    record.specHash = ctx.plan.specHash();
    record.contentHash = ctx.plan.contentHash();
    record.image = ctx.plan.image();
    record.startedAt = ctx.now.toString();
    record.result = "InProgress";
    status.history.add(0, record);
    while (status.history.size() > historyLimit) status.history.remove(status.history.size() - 1);
    status.specHash = ctx.plan.specHash();
    status.releaseStartedAt = ctx.now.toString();
    status.rolloutStartedAt = null;
  }

  /**
   * Announces Started for the attempt in flight once its revision is known (so the announcement can
   * name it); an attempt that already finished is not started again by a later pass.
   */
  void announceStart(ReleaseContext ctx) {
    ctx.currentRelease()
        .filter(r -> "InProgress".equals(r.result))
        .ifPresent(
            r ->
                notifications.emit(
                    ctx.resource,
                    ctx.status,
                    DeployEvent.Started,
                    new DeployNotifications.Details(
                        Phase.Progressing.name(),
                        "ReleaseStarted",
                        "releasing " + revisionName(r.taskDefinitionArn) + " (" + r.image + ")")));
  }

  private static String revisionName(String arn) {
    return arn == null ? "a new revision" : arn.substring(arn.lastIndexOf('/') + 1);
  }

  void apply(
      ServiceRelease sr,
      ServiceReleaseStatus status,
      Phase previous,
      Outcome outcome,
      ReleaseContext ctx,
      Instant now) {
    status.phase = outcome.phase();
    status.message = outcome.message();
    status.observedGeneration = sr.getMetadata().getGeneration();
    setConditions(status, outcome, sr.getMetadata().getGeneration(), now);
    if (ctx != null) {
      recordResult(ctx, outcome, now);
      // Once per release attempt: the ledger in status makes later passes in this phase no-ops.
      if (outcome.phase() == Phase.AwaitingPromotion) {
        announce(ctx, DeployEvent.AwaitingPromotion, outcome);
      }
      ctx.service.ifPresent(s -> status.replicas = replicas(s));
    }
    if (previous != outcome.phase()) announce(sr, outcome);
  }

  private void recordResult(ReleaseContext ctx, Outcome outcome, Instant now) {
    ServiceReleaseStatus status = ctx.status;
    boolean failure = RELEASE_FAILURES.contains(outcome.reason());
    if (failure) status.failedSpecHash = ctx.plan.specHash();
    if (outcome.phase() == Phase.Ready) {
      status.lastGoodTaskDefinitionArn = status.taskDefinitionArn;
      status.failedSpecHash = null;
    }
    ctx.currentRelease()
        .filter(r -> "InProgress".equals(r.result))
        .ifPresent(
            r -> {
              String namespace = ctx.resource.getMetadata().getNamespace();
              if (outcome.phase() == Phase.Ready) {
                finish(r, "Succeeded", outcome, now);
                metrics.rollout(namespace, "completed");
                announce(ctx, DeployEvent.Succeeded, outcome);
              } else if (failure) {
                String result =
                    switch (outcome.phase()) {
                      case RolledBack -> "RolledBack";
                      case Aborted -> "Aborted";
                      default -> "Failed";
                    };
                finish(r, result, outcome, now);
                metrics.rollout(
                    namespace,
                    switch (result) {
                      case "RolledBack" -> "rolled_back";
                      case "Aborted" -> "aborted";
                      default -> "failed";
                    });
                announce(
                    ctx,
                    switch (result) {
                      case "RolledBack" -> DeployEvent.RolledBack;
                      case "Aborted" -> DeployEvent.Aborted;
                      default -> DeployEvent.Failed;
                    },
                    outcome);
              }
            });
  }

  private void announce(ReleaseContext ctx, DeployEvent event, Outcome outcome) {
    notifications.emit(
        ctx.resource,
        ctx.status,
        event,
        new DeployNotifications.Details(
            outcome.phase().name(), outcome.reason(), outcome.message()));
  }

  private static void finish(ReleaseRecord r, String result, Outcome outcome, Instant now) {
    r.result = result;
    r.finishedAt = now.toString();
    r.message = outcome.message();
  }

  private static void setConditions(
      ServiceReleaseStatus status, Outcome o, Long generation, Instant now) {
    ConditionContract.apply(
        status.conditions, o.phase().name(), o.reason(), o.message(), generation, now);
  }

  private void announce(ServiceRelease sr, Outcome o) {
    switch (o.phase()) {
      case Ready -> events.normal(sr, "Ready", o.message());
      case Failed, RolledBack, Aborted, Degraded -> events.warning(sr, o.reason(), o.message());
      default -> events.normal(sr, o.reason(), o.message());
    }
  }

  static String replicas(Service s) {
    return s.runningCount() + "/" + s.desiredCount();
  }
}
