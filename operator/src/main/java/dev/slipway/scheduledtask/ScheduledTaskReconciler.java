package dev.slipway.scheduledtask;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    return frame.reconcile(st, (r, status, previous) -> pass(r, status));
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
    ScheduleExpression schedule = BatchValidator.expression(st.getSpec());
    ZoneId zone = ScheduleTimeZone.parse(st.getSpec().timeZone);
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
    AccountCheck account = guard.verify(task.target());
    if (!account.matches()) {
      return settle(
          st, status, Phase.Failed, "WrongAccount", account.message(), now, settings.resync());
    }
    status.taskDefinitionArn = task.taskDefinitionArn();
    String asleep = asleep(release);
    RefreshHold.State refresh = RefreshHold.of(client, release);
    boolean enabled = !st.getSpec().suspend && asleep == null && refresh.holding() == null;
    runs.follow(st, status, task, now);
    if (engine(st) == Engine.EventBridgeScheduler) {
      try {
        schedule = anchored(schedule, eventBridge.ensure(st, status, task, enabled, now));
      } catch (EventBridgeEngine.ScheduleConflict e) {
        return settle(
            st, status, Phase.Failed, "ScheduleConflict", e.getMessage(), now, settings.resync());
      }
      runs.discover(st, status, task, schedule, zone, now, historyLimit(st));
      if (enabled) catchUpAfterRefresh(st, status, task, schedule, zone, now, refresh);
    } else {
      leaveEventBridge(st, status, task.target());
      if (enabled) {
        operator.decide(st, status, task, schedule, zone, now, refresh);
      } else if (refresh.holding() == null) {
        OperatorEngine.letPass(st, status, schedule, zone, now);
      }
      // While a refresh holds runs, due slots stay undecided: the latest runs when it ends.
    }
    runNow(st, status, task, now);
    RunTracker.trim(status, historyLimit(st));
    status.lastRunTime =
        status.runs.stream()
            .filter(r -> r.taskArn != null)
            .map(r -> r.slot)
            .max(String::compareTo)
            .orElse(status.lastRunTime);
    boolean runsStart = !st.getSpec().suspend && asleep == null;
    Optional<Instant> next = runsStart ? schedule.next(now, zone) : Optional.empty();
    status.nextRunTime = next.map(Instant::toString).orElse(null);
    metrics.observe(
        st,
        status.lastSuccessTime == null ? null : Instant.parse(status.lastSuccessTime),
        expectedOf(st, schedule, zone, now));
    Phase phase = phase(st, asleep);
    String message = message(phase, asleep, refresh, status);
    return settle(st, status, phase, phase.name(), message, now, recheck(status, next, now));
  }

  private static Phase phase(ScheduledTask st, String asleep) {
    if (st.getSpec().suspend) return Phase.Suspended;
    return asleep != null ? Phase.Sleeping : Phase.Scheduled;
  }

  private static String message(
      Phase phase, String asleep, RefreshHold.State refresh, ScheduledTaskStatus status) {
    if (phase == Phase.Suspended) return "suspended: no run starts";
    if (phase == Phase.Sleeping) return asleep;
    if (refresh.holding() != null) return refresh.holding();
    return "next run " + status.nextRunTime + " (" + status.engine + ")";
  }

  /**
   * AWS counts a rate's periods from the schedule's creation, so runs and the next run are read
   * against that anchor; Slipway's own engine counts from the epoch, the same after any restart.
   */
  private static ScheduleExpression anchored(ScheduleExpression schedule, Instant created) {
    return schedule instanceof RateExpression rate ? rate.anchoredAt(created) : schedule;
  }

  /**
   * The EventBridge schedule was disabled during the environment's refresh, so the slot that fell
   * due then did not run: Slipway starts it once (its startedBy derives from the slot) when the
   * refresh ends, within the starting deadline counted from that end.
   */
  private void catchUpAfterRefresh(
      ScheduledTask st,
      ScheduledTaskStatus status,
      BatchTask task,
      ScheduleExpression schedule,
      ZoneId zone,
      Instant now,
      RefreshHold.State refresh) {
    if (refresh.lastStart() == null || refresh.lastEnd() == null) return;
    if (Duration.between(refresh.lastEnd(), now).compareTo(OperatorEngine.DEFAULT_DEADLINE) > 0)
      return;
    List<Instant> held = schedule.slotsBetween(refresh.lastStart(), refresh.lastEnd(), zone);
    if (held.isEmpty()) return;
    Instant slot = held.get(held.size() - 1);
    boolean decided =
        status.lastDecidedSlot != null && !Instant.parse(status.lastDecidedSlot).isBefore(slot);
    if (decided) return;
    operator.start(st, status, task, slot, "Schedule", BatchNames.startedBy(st, slot), now);
    status.lastDecidedSlot = slot.toString();
  }

  /** A schedule left from when the engine was EventBridgeScheduler goes when it changes. */
  private void leaveEventBridge(ScheduledTask st, ScheduledTaskStatus status, AwsTarget target) {
    if (status.scheduleArn == null) return;
    eventBridge.remove(st, target);
    status.scheduleArn = null;
  }

  /** A new slipway.dev/run-now value starts one run, acknowledged whatever came of it. */
  private void runNow(ScheduledTask st, ScheduledTaskStatus status, BatchTask task, Instant now) {
    Map<String, String> annotations = st.getMetadata().getAnnotations();
    String token = annotations == null ? null : annotations.get(ScheduledTask.RUN_NOW_ANNOTATION);
    if (token == null || token.isBlank() || token.equals(status.runNowAcknowledged)) return;
    operator.start(st, status, task, now, "RunNow", BatchNames.runNowStartedBy(st, token), now);
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

  private static int historyLimit(ScheduledTask st) {
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
    return deletions.cleanup(st, new Teardown());
  }

  /**
   * Deleting a ScheduledTask deletes its EventBridge schedule (with proof of ownership); runs still
   * going are left to finish, since a batch stopped halfway may leave its work half-done.
   */
  private final class Teardown implements DeletionFrame.Teardown<ScheduledTask> {
    @Override
    public Optional<String> run(ScheduledTask st) {
      Optional<AwsTarget> target = scheduleTarget(st);
      target.ifPresent(t -> eventBridge.remove(st, t));
      return Optional.empty();
    }

    @Override
    public List<String> leftBehind(ScheduledTask st) {
      return st.getStatus() == null || st.getStatus().scheduleArn == null
          ? List.of()
          : List.of("EventBridge schedule " + st.getStatus().scheduleArn);
    }
  }

  /** Where the schedule lives: from the ARN status recorded, which outlives the release. */
  private Optional<AwsTarget> scheduleTarget(ScheduledTask st) {
    String arn = st.getStatus() == null ? null : st.getStatus().scheduleArn;
    if (arn == null) return Optional.empty();
    String[] parts = arn.split(":");
    String role =
        st.getSpec() != null && st.getSpec().aws != null ? st.getSpec().aws.roleArn : null;
    if (role == null && st.getSpec() != null && st.getSpec().releaseRef != null) {
      ServiceRelease release = release(st);
      if (release != null) role = release.getSpec().aws.roleArn;
    }
    return Optional.of(new AwsTarget(parts[4], parts[3], role));
  }

  static ScheduledTaskStatus copy(ScheduledTaskStatus status) {
    return JSON.convertValue(status, ScheduledTaskStatus.class);
  }
}
