package dev.slipway.scheduledtask;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.SchedulerPort;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.schedule.RateExpression;
import dev.slipway.schedule.ScheduleExpression;
import dev.slipway.schedule.ScheduleTimeZone;
import dev.slipway.status.Backoff;
import dev.slipway.status.ConditionContract;
import dev.slipway.status.DeletionFrame;
import dev.slipway.status.EventRecorder;
import dev.slipway.status.FleetMetrics;
import dev.slipway.status.ReconcileErrors;
import dev.slipway.status.ReconcileFrame;
import dev.slipway.status.VersionedStatusWrite;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reconciles ScheduledTasks: validates before any AWS write, resolves the task (a release's current
 * revision or the batch's own), keeps the engine's side (an EventBridge schedule, or the runs
 * Slipway starts per slot), follows the runs into status and metrics, and starts a run-now.
 */
public class ScheduledTaskReconciler implements Reconciler<ScheduledTask>, Cleaner<ScheduledTask> {
  public static final String CONTROLLER = "scheduledtask";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final AccountGuard guard;
  private final EventRecorder events;
  private final Clock clock;
  private final ReleaseSettings settings;
  private final TaskSource source;
  private final RunTracker runs;
  private final EventBridgeEngine eventBridge;
  private final OperatorEngine operator;
  private final BatchMetrics metrics;
  private final Map<String, Duration> expectations = new ConcurrentHashMap<>();
  private final ReconcileFrame<ScheduledTask, ScheduledTaskStatus> frame;
  private final DeletionFrame<ScheduledTask, ScheduledTaskStatus> deletions;

  /**
   * Uids of engine-Operator resources this process has seen without a schedule of theirs since
   * their last EventBridgeScheduler pass. A pass that created the schedule may have died before
   * status recorded its ARN, so status alone cannot say there is none. Lost on restart, which costs
   * one GetSchedule per resource.
   */
  private final Set<String> withoutSchedule = ConcurrentHashMap.newKeySet();

  public ScheduledTaskReconciler(
      KubernetesClient client,
      EcsPort ecs,
      SchedulerPort scheduler,
      AccountGuard guard,
      EventRecorder events,
      FleetMetrics fleet,
      MeterRegistry meters,
      Clock clock,
      ReleaseSettings settings,
      Backoff retry) {
    this.client = client;
    this.guard = guard;
    this.events = events;
    this.clock = clock;
    this.settings = settings;
    this.metrics = new BatchMetrics(meters);
    this.source = new TaskSource(ecs, events);
    // A family listing younger than the shortest poll serves every batch of the family.
    this.runs = new RunTracker(ecs, events, metrics, settings.minPoll());
    this.eventBridge = new EventBridgeEngine(scheduler, events);
    this.operator = new OperatorEngine(ecs, runs, events);
    this.frame =
        new ReconcileFrame<>(
            CONTROLLER,
            fleet,
            new ReconcileErrors(events, fleet, clock),
            clock,
            ScheduledTaskStatus::new,
            ScheduledTaskReconciler::copy);
    this.deletions =
        new DeletionFrame<>(
            client,
            events,
            ScheduledTask.class,
            ScheduledTaskStatus::new,
            clock,
            settings.minPoll(),
            retry);
  }

  @Override
  public List<EventSource<?, ScheduledTask>> prepareEventSources(
      EventSourceContext<ScheduledTask> context) {
    // A new release of the referenced ServiceRelease is what a batch must follow at once.
    InformerEventSourceConfiguration<ServiceRelease> releases =
        InformerEventSourceConfiguration.from(ServiceRelease.class, ScheduledTask.class)
            .withName("scheduledtask-releases")
            .withSecondaryToPrimaryMapper(
                sr ->
                    context
                        .getPrimaryCache()
                        .list(
                            sr.getMetadata().getNamespace(),
                            st ->
                                st.getSpec() != null
                                    && st.getSpec().releaseRef != null
                                    && sr.getMetadata()
                                        .getName()
                                        .equals(st.getSpec().releaseRef.name))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(new InformerEventSource<>(releases, context));
  }

  @Override
  public UpdateControl<ScheduledTask> reconcile(ScheduledTask st, Context<ScheduledTask> context) {
    UpdateControl<ScheduledTask> control =
        frame.reconcile(st, (r, status, previous) -> pass(r, status));
    // Status is the record of decided slots and runs: a pass on a copy older than the last write
    // would decide a slot again (the slot's startedBy keeps it to one task, but its run would be
    // recorded twice), so every write is over the resourceVersion the pass read.
    return control.isPatchStatus()
        ? VersionedStatusWrite.write(control, context, settings.minPoll())
        : control;
  }

  private Duration pass(ScheduledTask st, ScheduledTaskStatus status) {
    Instant now = clock.instant();
    status.observedGeneration = st.getMetadata().getGeneration();
    status.engine = engine(st).name();
    ServiceRelease release = release(st);
    List<String> problems = BatchValidator.problems(st, release);
    if (!problems.isEmpty()) {
      return settle(
          st,
          status,
          Phase.Invalid,
          "Invalid",
          "invalid spec: " + String.join("; ", problems),
          now,
          settings.resync());
    }
    // Before any write, registering the batch's own task definition included.
    AccountCheck account = guard.verify(TaskSource.target(st, release));
    if (!account.matches()) {
      return settle(
          st, status, Phase.Failed, "WrongAccount", account.message(), now, settings.resync());
    }
    TaskSource.Resolution resolved = source.resolve(st, release);
    if (resolved instanceof TaskSource.Waiting waiting) {
      return settle(
          st,
          status,
          Phase.Pending,
          "WaitingForRelease",
          waiting.message(),
          now,
          settings.maxPoll());
    }
    BatchTask task = ((TaskSource.Ready) resolved).task();
    status.taskDefinitionArn = task.taskDefinitionArn();
    Gates gates = new Gates(st.getSpec().suspend, asleep(release), RefreshHold.of(client, release));
    runs.follow(st, status, task, now);
    ScheduleExpression schedule;
    try {
      schedule = engineStep(st, status, task, gates, now);
    } catch (EventBridgeEngine.ScheduleConflict e) {
      return settle(
          st, status, Phase.Failed, "ScheduleConflict", e.getMessage(), now, settings.resync());
    }
    runNow(st, status, task, now);
    return record(st, status, schedule, gates, now);
  }

  /**
   * The engine's part of a pass: the EventBridge schedule kept and its runs found, or the due slots
   * decided. Returns the schedule as the engine counts it (a rate anchored where AWS anchors it).
   */
  private ScheduleExpression engineStep(
      ScheduledTask st, ScheduledTaskStatus status, BatchTask task, Gates gates, Instant now) {
    ScheduleExpression schedule = BatchValidator.expression(st.getSpec());
    ZoneId zone = zone(st);
    if (engine(st) == Engine.EventBridgeScheduler) {
      // A later switch to engine Operator must look for this schedule again.
      withoutSchedule.remove(st.getMetadata().getUid());
      schedule = anchored(schedule, eventBridge.ensure(st, status, task, gates.open(), now));
      runs.discover(st, status, task, schedule, zone, now, historyLimit(st));
      if (gates.open()) {
        operator.catchUpAfterRefresh(st, status, task, schedule, zone, now, gates.refresh());
      }
      return schedule;
    }
    leaveEventBridge(st, status, task.target());
    if (gates.open()) {
      operator.decide(st, status, task, schedule, zone, now, gates.refresh());
    } else if (!gates.scheduling()) {
      OperatorEngine.letPass(st, status, schedule, zone, now);
    }
    // Otherwise a refresh holds runs back: due slots stay undecided, the latest runs when it ends.
    return schedule;
  }

  /** Status and metrics after the engine's part: history, last and next run, phase. */
  private Duration record(
      ScheduledTask st,
      ScheduledTaskStatus status,
      ScheduleExpression schedule,
      Gates gates,
      Instant now) {
    RunTracker.trim(status, historyLimit(st));
    status.lastRunTime =
        status.runs.stream()
            .filter(r -> r.taskArn != null)
            .map(r -> r.slot)
            .max(String::compareTo)
            .orElse(status.lastRunTime);
    Optional<Instant> next = gates.scheduling() ? schedule.next(now, zone(st)) : Optional.empty();
    // A rate counts from the schedule's creation, to the nanosecond; people read seconds.
    status.nextRunTime = next.map(RunTracker::time).orElse(null);
    metrics.observe(
        st,
        status.lastSuccessTime == null ? null : Instant.parse(status.lastSuccessTime),
        expectedOf(st, schedule, zone(st), now));
    Phase phase = gates.phase();
    return settle(
        st, status, phase, phase.name(), gates.message(status), now, recheck(status, next, now));
  }

  private static ZoneId zone(ScheduledTask st) {
    return ScheduleTimeZone.parse(st.getSpec().timeZone);
  }

  /**
   * AWS counts a rate's periods from the schedule's creation, so runs and the next run are read
   * against that anchor; Slipway's own engine counts from the epoch, the same after any restart.
   */
  private static ScheduleExpression anchored(ScheduleExpression schedule, Instant created) {
    return schedule instanceof RateExpression rate ? rate.anchoredAt(created) : schedule;
  }

  /**
   * A schedule left from when the engine was EventBridgeScheduler goes when it changes, also one a
   * pass created and died before recording (status has no ARN for it).
   */
  private void leaveEventBridge(ScheduledTask st, ScheduledTaskStatus status, AwsTarget target) {
    String uid = st.getMetadata().getUid();
    if (status.scheduleArn == null && withoutSchedule.contains(uid)) return;
    boolean removed = removeSchedule(st, target, status.scheduleArn != null);
    if (removed || status.scheduleArn != null) {
      // The scheduler ran the slots until now; Slipway's own count starts afresh.
      status.lastDecidedSlot = null;
    }
    status.scheduleArn = null;
    withoutSchedule.add(uid);
  }

  /**
   * Removes the resource's schedule, if it has one, and says whether it did; {@code recorded} when
   * status holds its ARN. Looking for an unrecorded one is refused to an Operator-only installation
   * that may not read schedules, which then cannot have created one either.
   */
  private boolean removeSchedule(ScheduledTask st, AwsTarget target, boolean recorded) {
    try {
      return eventBridge.remove(st, target);
    } catch (RuntimeException e) {
      if (recorded || !"AccessDeniedException".equals(AwsErrors.errorCode(e))) throw e;
      return false;
    }
  }

  /** A new slipway.dev/run-now value starts one run, acknowledged whatever came of it. */
  private void runNow(ScheduledTask st, ScheduledTaskStatus status, BatchTask task, Instant now) {
    Map<String, String> annotations = st.getMetadata().getAnnotations();
    String token = annotations == null ? null : annotations.get(ScheduledTask.RUN_NOW_ANNOTATION);
    if (token == null || token.isBlank() || token.equals(status.runNowAcknowledged)) return;
    Instant slot = now.truncatedTo(ChronoUnit.SECONDS);
    operator.start(st, status, task, slot, "RunNow", BatchNames.runNowStartedBy(st, token), now);
    status.runNowAcknowledged = token;
  }

  private Duration settle(
      ScheduledTask st,
      ScheduledTaskStatus status,
      Phase phase,
      String reason,
      String message,
      Instant now,
      Duration recheck) {
    status.phase = phase;
    status.message = message;
    ConditionContract.apply(
        status.conditions, phase.name(), reason, message, st.getMetadata().getGeneration(), now);
    return recheck;
  }

  /**
   * When to look again: soon while runs are going, at the next slot (so engine Operator starts on
   * time, and a scheduler's run is found soon after it starts), and at least every maxPoll.
   */
  private Duration recheck(ScheduledTaskStatus status, Optional<Instant> next, Instant now) {
    boolean running = status.runs.stream().anyMatch(r -> RunTracker.RUNNING.equals(r.result));
    Duration poll = running ? settings.minPoll() : settings.maxPoll();
    if (next.isEmpty()) return poll;
    Duration untilNext = Duration.between(now, next.get()).plusMillis(200);
    return untilNext.compareTo(poll) < 0 ? untilNext : poll;
  }

  /**
   * {@link #expected}, worked out once per generation: a week of an every-minute schedule is many
   * slots.
   */
  private Duration expectedOf(
      ScheduledTask st, ScheduleExpression schedule, ZoneId zone, Instant now) {
    String uid = st.getMetadata().getUid() + "@";
    String key = uid + st.getMetadata().getGeneration();
    Duration known = expectations.get(key);
    if (known != null) return known;
    expectations.keySet().removeIf(k -> k.startsWith(uid));
    Duration worked = expected(st, schedule, zone, now);
    expectations.put(key, worked);
    return worked;
  }

  /**
   * How long the batch may go without a success: the spec's, else twice the longest gap between
   * slots over the next week plus the timeout.
   */
  static Duration expected(
      ScheduledTask st, ScheduleExpression schedule, ZoneId zone, Instant now) {
    if (st.getSpec().expectSuccessWithinSeconds != null) {
      return Duration.ofSeconds(st.getSpec().expectSuccessWithinSeconds);
    }
    List<Instant> slots = schedule.slotsBetween(now, now.plus(Duration.ofDays(8)), zone);
    Duration gap = Duration.ofDays(8);
    if (slots.size() >= 2) {
      gap = Duration.ZERO;
      for (int i = 1; i < slots.size(); i++) {
        Duration d = Duration.between(slots.get(i - 1), slots.get(i));
        if (d.compareTo(gap) > 0) gap = d;
      }
    }
    int timeout = st.getSpec().timeoutSeconds == null ? 0 : st.getSpec().timeoutSeconds;
    return gap.multipliedBy(2).plusSeconds(timeout);
  }

  /** Why no run may start because the batch's environment sleeps, or null. */
  private static String asleep(ServiceRelease release) {
    if (release == null || release.getMetadata().getAnnotations() == null) return null;
    String sleep = release.getMetadata().getAnnotations().get(ServiceRelease.SLEEP_ANNOTATION);
    return "true".equals(sleep)
        ? "sleeping with ServiceRelease " + release.getMetadata().getName() + ": no run starts"
        : null;
  }

  private ServiceRelease release(ScheduledTask st) {
    if (st.getSpec() == null || st.getSpec().releaseRef == null) return null;
    return client
        .resources(ServiceRelease.class)
        .inNamespace(st.getMetadata().getNamespace())
        .withName(st.getSpec().releaseRef.name)
        .get();
  }

  private static Engine engine(ScheduledTask st) {
    return st.getSpec() == null || st.getSpec().engine == null
        ? Engine.EventBridgeScheduler
        : st.getSpec().engine;
  }

  static int historyLimit(ScheduledTask st) {
    return st.getSpec().historyLimit == null ? 10 : st.getSpec().historyLimit;
  }

  @Override
  public ErrorStatusUpdateControl<ScheduledTask> updateErrorStatus(
      ScheduledTask st, Context<ScheduledTask> context, Exception e) {
    return frame.errorStatus(st, e);
  }

  @Override
  public DeleteControl cleanup(ScheduledTask st, Context<ScheduledTask> context) {
    metrics.forget(st);
    expectations.keySet().removeIf(k -> k.startsWith(st.getMetadata().getUid() + "@"));
    withoutSchedule.remove(st.getMetadata().getUid());
    return deletions.cleanup(st, new Teardown());
  }

  /**
   * Deleting a ScheduledTask deletes its EventBridge schedule (with proof of ownership); runs still
   * going are left to finish, since a batch stopped halfway may leave its work half-done.
   */
  private final class Teardown implements DeletionFrame.Teardown<ScheduledTask> {
    @Override
    public Optional<String> run(ScheduledTask st) {
      boolean recorded = st.getStatus() != null && st.getStatus().scheduleArn != null;
      scheduleTarget(st).ifPresent(t -> removeSchedule(st, t, recorded));
      return Optional.empty();
    }

    @Override
    public List<String> leftBehind(ScheduledTask st) {
      return st.getStatus() == null || st.getStatus().scheduleArn == null
          ? List.of()
          : List.of("EventBridge schedule " + st.getStatus().scheduleArn);
    }
  }

  /**
   * Where the schedule lives: from the ARN status recorded, which outlives the release; else where
   * the runs go, since a pass may have created the schedule and died before recording it (looked at
   * only when the spec is valid and the account verified, as before any write).
   */
  private Optional<AwsTarget> scheduleTarget(ScheduledTask st) {
    String arn = st.getStatus() == null ? null : st.getStatus().scheduleArn;
    if (arn == null) return unrecordedScheduleTarget(st);
    String[] parts = arn.split(":");
    String role =
        st.getSpec() != null && st.getSpec().aws != null ? st.getSpec().aws.roleArn : null;
    if (role == null && st.getSpec() != null && st.getSpec().releaseRef != null) {
      ServiceRelease release = release(st);
      if (release != null) role = release.getSpec().aws.roleArn;
    }
    return Optional.of(new AwsTarget(parts[4], parts[3], role));
  }

  private Optional<AwsTarget> unrecordedScheduleTarget(ScheduledTask st) {
    if (st.getSpec() == null) return Optional.empty();
    ServiceRelease release = release(st);
    if (!BatchValidator.problems(st, release).isEmpty()) return Optional.empty();
    if (st.getSpec().aws == null && release == null) return Optional.empty();
    AwsTarget target = TaskSource.target(st, release);
    return guard.verify(target).matches() ? Optional.of(target) : Optional.empty();
  }

  static ScheduledTaskStatus copy(ScheduledTaskStatus status) {
    return JSON.convertValue(status, ScheduledTaskStatus.class);
  }
}
