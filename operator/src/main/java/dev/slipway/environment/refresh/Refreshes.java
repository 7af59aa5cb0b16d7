package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcsPort;
import dev.slipway.aws.ElastiCachePort;
import dev.slipway.aws.OpenSearchDomainPort;
import dev.slipway.aws.RdsPort;
import dev.slipway.environment.schedule.Schedule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * The refresh of a shared environment, one pass at a time: starts a run when a scheduled slot
 * passed or the refresh-now annotation took a new value, advances the run in progress, and keeps
 * the last runs. Every write goes to the environment's own account, checked with STS first.
 */
public final class Refreshes {
  /** Any new value starts a refresh now. */
  public static final String REFRESH_NOW = "slipway.dev/refresh-now";

  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private final RdsPort rds;
  private final EcsPort ecs;
  private final ElastiCachePort elasticache;
  private final OpenSearchDomainPort opensearch;
  private final AccountGuard guard;
  private final Clock clock;
  private final RefreshWorkflow workflow;

  public Refreshes(
      RdsPort rds,
      EcsPort ecs,
      ElastiCachePort elasticache,
      OpenSearchDomainPort opensearch,
      AccountGuard guard,
      Clock clock,
      Random random) {
    this.rds = rds;
    this.ecs = ecs;
    this.elasticache = elasticache;
    this.opensearch = opensearch;
    this.guard = guard;
    this.clock = clock;
    this.workflow = new RefreshWorkflow(random);
  }

  /**
   * Where the refresh stands after a pass; {@code lookAgain} null when nothing is pending, {@code
   * deleting} when the run is a night's deletion rather than a refresh.
   */
  public record State(boolean running, String message, Duration lookAgain, boolean deleting) {
    public static final State IDLE = new State(false, null, null, false);
  }

  /**
   * What the schedule says for refresh.deleteWhenAsleep: whether the environment sleeps, the night
   * (named by the wake that ends it, so a deletion happens once per night even when an on-demand
   * wake interrupts it), and what holds tonight's deletion back (services or branch environments
   * still awake), or null.
   */
  public record Night(boolean asleep, String until, String holdBack) {
    public static final Night AWAKE = new Night(false, null, null);
  }

  /**
   * One pass. {@code schedule} is the environment's (null: every day, in UTC); the refresh status
   * is created on first sight with the last slot counted as seen, so a new environment does not
   * refresh at once for a morning that passed before it existed. {@code night} is the schedule's
   * word for deleteWhenAsleep.
   */
  public State reconcile(
      StagingEnvironment env,
      RefreshStatus status,
      Schedule schedule,
      Night night,
      Function<String, ServiceRelease> releaseOf) {
    RefreshSpec spec = env.getSpec().refresh;
    Instant now = clock.instant();
    settle(status);
    Schedule days = schedule != null ? schedule : Schedule.everyDay(ZoneOffset.UTC);
    Optional<Instant> slot =
        spec.at == null ? Optional.empty() : days.lastRefreshSlot(now, LocalTime.parse(spec.at));
    status.nextSlot =
        spec.at == null
            ? null
            : days.nextRefreshSlot(now, LocalTime.parse(spec.at))
                .map(Instant::toString)
                .orElse(null);
    State state = State.IDLE;
    if (status.current != null) {
      // A slot or a refresh-now that comes during a refresh is covered by it; one that comes
      // during a night's deletion is owed afterwards.
      if (!NightDeletion.isDeletion(status.current)) {
        slot.ifPresent(s -> status.lastSlot = s.toString());
        acknowledge(env, status);
      }
      state = advance(env, status, now, releaseOf);
      if (state.running()) return state;
    }
    // Nothing running (any more): what is due starts in this same pass, so a morning that ends a
    // night's deletion keeps the environment asleep for the refresh rather than waking it once.
    Optional<String> trigger = due(env, status, slot);
    if (trigger.isEmpty()) trigger = NightDeletion.due(spec, status, night);
    if (trigger.isEmpty()) return state;
    // The run is written to status before its first AWS call, so a crash resumes this run
    // (finding what it made by its run id) rather than starting another one.
    status.current = begin(env, status, trigger.get(), slot, night, now, releaseOf);
    NightDeletion.begun(status, status.current, night);
    return new State(
        true,
        "starting " + status.current.runId,
        Duration.ZERO,
        NightDeletion.isDeletion(status.current));
  }

  /**
   * Status patches carry no resourceVersion, so a pass that read a stale copy of the environment (a
   * child's event right after a patch can be reconciled on the cached copy from before it) can
   * write back what a newer pass moved on from: a finished run twice in history, or current again.
   * Every pass folds those back first, so they last one pass at most.
   */
  static void settle(RefreshStatus status) {
    Set<String> seen = new HashSet<>();
    status.history.removeIf(r -> !seen.add(r.runId));
    if (status.current != null && seen.contains(status.current.runId)) status.current = null;
  }

  private State advance(
      StagingEnvironment env,
      RefreshStatus status,
      Instant now,
      Function<String, ServiceRelease> releaseOf) {
    AwsTarget target = target(env);
    AccountCheck check = guard.verify(target);
    if (!check.matches()) {
      status.current.message = "WrongAccount: " + check.message();
      return new State(
          true,
          status.current.message,
          Duration.ofMinutes(5),
          NightDeletion.isDeletion(status.current));
    }
    RefreshStatus.Run run = status.current;
    boolean deleting = NightDeletion.isDeletion(run);
    Optional<Instant> next =
        workflow.advance(env, target, run, steps(env, run.trigger, releaseOf), now);
    if (!"Running".equals(run.result)) {
      // A deletion gives the releases nothing new to migrate: only a refresh moves them on.
      if ("Succeeded".equals(run.result) && !deleting) status.lastSucceededRun = run.runId;
      NightDeletion.finished(status, run);
      status.history.removeIf(r -> r.runId.equals(run.runId));
      status.history.add(0, run);
      int limit =
          env.getSpec().refresh.historyLimit == null ? 7 : env.getSpec().refresh.historyLimit;
      while (status.history.size() > limit) status.history.remove(status.history.size() - 1);
      status.current = null;
      return new State(false, run.result + ": " + run.message, null, deleting);
    }
    Duration wait = next.map(at -> Duration.between(now, at)).orElse(Duration.ofSeconds(10));
    return new State(true, run.message, wait.isNegative() ? Duration.ZERO : wait, deleting);
  }

  /** The steps of a run started by {@code trigger}: a night's deletion only deletes. */
  List<NamedStep> steps(
      StagingEnvironment env, String trigger, Function<String, ServiceRelease> releaseOf) {
    if (NightDeletion.SLEEP.equals(trigger)) return deletions(env);
    return steps(env, releaseOf);
  }

  /**
   * The night's deletion: per Aurora cluster and ElastiCache group the refresh re-creates, its
   * source check (nothing is deleted that the morning could not bring back) and its delete steps,
   * with the same proof of ownership. OpenSearch domains are not re-created by the refresh, so they
   * stay.
   */
  List<NamedStep> deletions(StagingEnvironment env) {
    List<NamedStep> steps = new ArrayList<>();
    RefreshSpec spec = env.getSpec().refresh;
    if (spec.aurora != null)
      spec.aurora.forEach(a -> steps.addAll(new AuroraSteps(rds, a).deletions()));
    if (spec.elasticache != null)
      spec.elasticache.forEach(
          e -> steps.addAll(new ElastiCacheSteps(elasticache, guard, e).deletions()));
    return steps;
  }

  List<NamedStep> steps(StagingEnvironment env, Function<String, ServiceRelease> releaseOf) {
    List<NamedStep> steps = new ArrayList<>();
    RefreshSpec spec = env.getSpec().refresh;
    if (spec.aurora != null)
      spec.aurora.forEach(a -> steps.addAll(new AuroraSteps(rds, a).steps()));
    if (spec.elasticache != null)
      spec.elasticache.forEach(
          e -> steps.addAll(new ElastiCacheSteps(elasticache, guard, e).steps()));
    if (spec.opensearch != null)
      spec.opensearch.forEach(o -> steps.addAll(new OpenSearchSteps(opensearch, o).steps()));
    // Post-steps last: they wait for every datastore above.
    steps.addAll(new PostSteps(ecs, releaseOf).steps(spec.postSteps));
    return steps;
  }

  private Optional<String> due(
      StagingEnvironment env, RefreshStatus status, Optional<Instant> slot) {
    if (acknowledge(env, status)) return Optional.of("OnDemand");
    if (slot.isEmpty()) return Optional.empty();
    String seen = status.lastSlot;
    status.lastSlot = slot.get().toString();
    // First sight: the morning that passed before the environment existed is not owed.
    if (seen == null) return Optional.empty();
    return Instant.parse(seen).isBefore(slot.get()) ? Optional.of("Schedule") : Optional.empty();
  }

  /** True when the refresh-now annotation has a value not acted on yet (which it records). */
  private static boolean acknowledge(StagingEnvironment env, RefreshStatus status) {
    Map<String, String> a = env.getMetadata().getAnnotations();
    String now = a == null ? null : a.get(REFRESH_NOW);
    if (now == null || now.equals(status.requestAcknowledged)) return false;
    status.requestAcknowledged = now;
    return true;
  }

  private RefreshStatus.Run begin(
      StagingEnvironment env,
      RefreshStatus status,
      String trigger,
      Optional<Instant> slot,
      Night night,
      Instant now,
      Function<String, ServiceRelease> releaseOf) {
    return RefreshWorkflow.start(
        runId(env, status, trigger, slot, night), trigger, steps(env, trigger, releaseOf), now);
  }

  /**
   * The run's id, from what started it and nothing else: the slot (its time is in the id) or the
   * refresh-now value, the environment's uid and the run before it. A pass that read a stale copy
   * of the environment, from before the run was written, begins the same run again rather than
   * another one, so the id that names a run's exports and tags what it creates never changes under
   * it (status patches carry no resourceVersion, so the two writes merge).
   */
  static String runId(
      StagingEnvironment env,
      RefreshStatus status,
      String trigger,
      Optional<Instant> slot,
      Night night) {
    String previous = status.history.isEmpty() ? "" : status.history.get(0).runId;
    String uid = env.getMetadata().getUid();
    if ("Schedule".equals(trigger)) {
      Instant at = slot.orElseThrow();
      return "r-" + RUN_TIME.format(at) + "-" + digest(uid, at.toString(), previous, 4);
    }
    if (NightDeletion.SLEEP.equals(trigger)) {
      return "d-night-" + digest(uid, "sleep " + night.until(), previous, 8);
    }
    if (NightDeletion.WAKE.equals(trigger)) {
      return "r-wake-" + digest(uid, "wake " + status.night.until, previous, 8);
    }
    return "r-demand-" + digest(uid, status.requestAcknowledged, previous, 8);
  }

  private static String digest(String uid, String trigger, String previous, int chars) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((uid + "\n" + trigger + "\n" + previous).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, chars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AwsTarget target(StagingEnvironment env) {
    var aws = env.getSpec().aws;
    return new AwsTarget(aws.accountId, aws.region, aws.roleArn);
  }
}
