package dev.slipway.environment;

import dev.slipway.api.v1alpha1.ScheduleSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.PowerStatus;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.ServiceState;
import dev.slipway.environment.refresh.Refreshes;
import dev.slipway.environment.schedule.PowerState;
import dev.slipway.environment.schedule.Schedule;
import dev.slipway.environment.schedule.Schedules;
import dev.slipway.release.ReleaseSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Decides whether an environment is awake now (its schedule, inherited from the shared environment
 * unless it has its own, plus an on-demand wake) and turns its services' phases into the
 * environment's: Sleeping when all sleep, FallingAsleep or Waking on the way. The services do the
 * scaling (the release engine's sleep step); this only asks, through an annotation on each.
 */
final class EnvironmentPower {
  /** RFC 3339 time until which the environment stays awake whatever its schedule says. */
  static final String WAKE_UNTIL = "slipway.dev/wake-until";

  private final ReleaseSettings settings;
  private final Clock clock;

  EnvironmentPower(ReleaseSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** The decision for one pass; {@code state} is always set (always awake without a schedule). */
  record Decision(PowerState state, String timeZone, Instant wakeUntil, String annotationProblem) {
    boolean asleep() {
      return !state.awake();
    }

    boolean scheduled() {
      return timeZone != null;
    }
  }

  /** A branch environment's own schedule wins over its shared environment's. */
  static ScheduleSpec effective(StagingEnvironment env, StagingEnvironment shared) {
    if (env.getSpec().schedule != null) return env.getSpec().schedule;
    return shared == null || shared.getSpec() == null ? null : shared.getSpec().schedule;
  }

  Decision decide(StagingEnvironment env, ScheduleSpec spec) {
    return scheduled(env, spec, clock.instant());
  }

  /**
   * The schedule's decision, unless a refresh run is running: then the environment sleeps whatever
   * its schedule says, since its data is being replaced (Refreshing) or deleted for the night
   * (DeletingDatastores).
   */
  static Decision holding(Decision scheduled, Refreshes.State refresh) {
    if (!refresh.running()) return scheduled;
    PowerState asleep =
        refresh.deleting()
            ? new PowerState(
                false,
                "DeletingDatastores",
                "deleting datastores for the night: " + refresh.message(),
                null)
            : new PowerState(
                false, "Refreshing", "refreshing datastores: " + refresh.message(), null);
    String zone = scheduled.timeZone() == null ? "UTC" : scheduled.timeZone();
    return new Decision(asleep, zone, scheduled.wakeUntil(), null);
  }

  private Decision scheduled(StagingEnvironment env, ScheduleSpec spec, Instant now) {
    Schedules.Parsed parsed = Schedules.parse(spec, "schedule");
    Schedule schedule = parsed.schedule();
    String wakeText = annotation(env, WAKE_UNTIL);
    Instant wakeUntil = null;
    String problem = null;
    if (wakeText != null) {
      try {
        wakeUntil = OffsetDateTime.parse(wakeText).toInstant();
      } catch (DateTimeParseException e) {
        problem =
            "annotation "
                + WAKE_UNTIL
                + ": "
                + wakeText
                + " is not an RFC 3339 time such as 2026-12-05T23:00:00+09:00; ignored";
      }
    }
    if (schedule == null) return new Decision(PowerState.alwaysAwake(), null, null, problem);
    return new Decision(schedule.at(now, wakeUntil), schedule.zone().getId(), wakeUntil, problem);
  }

  /** status.power from the decision; {@code since} moves only when the state does. */
  static void record(StagingEnvironmentStatus status, Decision d, Instant now) {
    if (!d.scheduled()) {
      status.power = null;
      return;
    }
    PowerStatus previous = status.power;
    PowerStatus p = new PowerStatus();
    p.state = d.state().awake() ? "Awake" : "Asleep";
    p.reason = d.state().reason();
    p.message = d.state().message();
    p.since =
        previous != null && p.state.equals(previous.state) && previous.since != null
            ? previous.since
            : now.toString();
    Instant next = d.state().nextTransition();
    p.nextTransition = next == null ? null : next.toString();
    p.nextState = next == null ? null : d.state().awake() ? "Asleep" : "Awake";
    p.wakeUntil =
        d.wakeUntil() != null && d.wakeUntil().isAfter(now) ? d.wakeUntil().toString() : null;
    p.timeZone = d.timeZone();
    status.power = p;
  }

  /**
   * The environment's outcome given its services: asleep and every service Sleeping → Sleeping; on
   * the way there or back → Provisioning with FallingAsleep or Waking; otherwise {@code base}. The
   * pass is always looked at again by the next transition.
   */
  EnvironmentOutcome settle(EnvironmentOutcome base, Decision d, List<ServiceState> services) {
    Instant now = now();
    long sleeping = services.stream().filter(s -> "Sleeping".equals(s.phase)).count();
    EnvironmentOutcome outcome = base;
    String note = d.annotationProblem() == null ? "" : "; " + d.annotationProblem();
    if (d.asleep() && base.phase() != Phase.Failed) {
      outcome =
          sleeping == services.size()
              ? new EnvironmentOutcome(
                  Phase.Sleeping,
                  "Asleep",
                  "asleep ("
                      + d.state().message()
                      + ")"
                      + wakes(d)
                      + "; "
                      + services.size()
                      + " services at zero"
                      + note,
                  settings.resync())
              : EnvironmentOutcome.provisioning(
                  "FallingAsleep",
                  "falling asleep: " + sleeping + " of " + services.size() + " services asleep",
                  settings.minPoll());
    } else if (!d.asleep() && sleeping > 0 && base.phase() != Phase.Failed) {
      outcome =
          EnvironmentOutcome.provisioning(
              "Waking",
              "waking ("
                  + d.state().message()
                  + "): "
                  + (services.size() - sleeping)
                  + " of "
                  + services.size()
                  + " services awake",
              settings.minPoll());
    } else if (!note.isEmpty()) {
      outcome =
          new EnvironmentOutcome(
              base.phase(), base.reason(), base.message() + note, base.recheck());
    }
    return untilNextTransition(outcome, d, now);
  }

  private static String wakes(Decision d) {
    Instant next = d.state().nextTransition();
    return next == null ? "" : " until " + next;
  }

  /** Looks again no later than the next transition, so sleep and wake happen on time. */
  private static EnvironmentOutcome untilNextTransition(
      EnvironmentOutcome o, Decision d, Instant now) {
    Instant next = d.state().nextTransition();
    if (next == null) return o;
    Duration until = Duration.between(now, next).plusMillis(1);
    if (until.isNegative()) until = Duration.ZERO;
    Duration recheck =
        o.recheck() == null || until.compareTo(o.recheck()) < 0 ? until : o.recheck();
    return new EnvironmentOutcome(o.phase(), o.reason(), o.message(), recheck);
  }

  private static String annotation(StagingEnvironment env, String key) {
    Map<String, String> a = env.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }
}
