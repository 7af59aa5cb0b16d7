package dev.slipway.stateful;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.Sleeper;
import dev.slipway.runtime.OperatorOptions;
import dev.slipway.runtime.Reconcilers;
import dev.slipway.sandbox.sim.SimClock;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs both of Slipway's controllers the way JOSDK would, but one pass at a time on the test's
 * thread and on the simulator's clock: no informers, no thread pools, no wall-clock waits. A pass
 * is due when its object changed in a way the operator reacts to (created, spec, annotations,
 * finalizers, deletion; for an environment also any change of a child ServiceRelease), when the
 * delay it asked for has passed, or when its retry backoff has. {@link #settle()} runs due passes,
 * jumping the clock to the next one when none is due, until nothing has changed for a quiet window.
 * The operator itself is {@link Reconcilers#wire}: restarting it means wiring a new one.
 */
final class StepDriver {
  /**
   * How settling behaves: the quiet window, the bounds that make a sequence fail as "not at rest",
   * and JOSDK's maximum reconciliation interval (its default, 10 hours).
   */
  record Settings(
      Duration quiet,
      int maxPasses,
      Duration maxSimulatedTime,
      Duration maxReconciliationInterval) {
    static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), 1500, Duration.ofHours(2), Duration.ofHours(10));
    }

    Settings withQuiet(Duration value) {
      return new Settings(value, maxPasses, maxSimulatedTime, maxReconciliationInterval);
    }
  }

  /** A settle that did not come to rest; the message carries the state dump. */
  static final class NotSettled extends RuntimeException {
    NotSettled(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;
  private final AwsClientFactory aws;
  private final SimClock clock;
  private final OperatorOptions options;
  private final String namespace;
  private final CallLedger ledger;
  private final CrashPlan crashes;
  private final Lineage lineage;
  private final ApiWrites apiWrites;
  private final java.util.function.Supplier<?> awsState;
  private final Settings settings;
  private final KindController<StagingEnvironment> environments;
  private final KindController<ServiceRelease> releases;
  private final ApiObserver observer;
  private final Map<String, TrackedObject> tracked;
  private final Deque<String> history = new ArrayDeque<>();
  private Reconcilers reconcilers;
  private boolean down = true;
  private boolean stayDownAfterCrash;
  private int restarts;

  StepDriver(
      KubernetesClient client,
      AwsClientFactory aws,
      SimClock clock,
      OperatorOptions options,
      String namespace,
      CallLedger ledger,
      CrashPlan crashes,
      Lineage lineage,
      ApiWrites apiWrites,
      java.util.function.Supplier<?> awsState,
      Settings settings) {
    this.client = client;
    this.aws = aws;
    this.clock = clock;
    this.options = options;
    this.namespace = namespace;
    this.ledger = ledger;
    this.crashes = crashes;
    this.lineage = lineage;
    this.apiWrites = apiWrites;
    this.awsState = awsState;
    this.settings = settings;
    this.environments =
        new KindController<>(
            StagingEnvironment.class, client, crashes, () -> reconcilers.environments());
    this.releases =
        new KindController<>(ServiceRelease.class, client, crashes, () -> reconcilers.releases());
    this.observer = new ApiObserver(client, namespace, lineage, this::note);
    this.tracked = observer.tracked();
  }

  /**
   * Starts the operator, or starts a new one: every bit of in-memory state is dropped with the old
   * wiring, and, as after a real start, every object gets a pass.
   */
  void restart() {
    // The old process is gone: what it held open (datastore connections) goes with it.
    stop();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    reconcilers = Reconcilers.wire(client, aws, clock, options, meters, simulatedTimeCalls(meters));
    down = false;
    restarts++;
    tracked.values().forEach(TrackedObject::forget);
    note("operator (re)started");
  }

  /**
   * The AWS call layer with its rate limiter and retry backoff on the simulator's clock: waiting
   * for a token moves simulated time on, as the real wait would let real time pass.
   */
  private AwsCalls simulatedTimeCalls(SimpleMeterRegistry meters) {
    LongSupplier nanoTime =
        () -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    Sleeper sleeper = nanos -> clock.advance(Duration.ofNanos(nanos));
    return new AwsCalls(options.aws(), meters, nanoTime, sleeper);
  }

  /**
   * Kills the operator at the k-th AWS call or datastore connection from now; it comes back at
   * once, or only at the next {@link #restart()} when {@code stayDown}.
   */
  void armCrash(CrashPlan.Via via, int k, boolean stayDown) {
    crashes.arm(via, k);
    stayDownAfterCrash = stayDown;
  }

  /**
   * A Restart step: restarts now (k = 0), or arms a crash for the next step's passes (see {@link
   * #armCrash}).
   */
  void restartStep(CrashPlan.Via via, int k, boolean stayDown) {
    if (k == 0) {
      restart();
      settle();
    } else {
      armCrash(via, k, stayDown);
    }
  }

  /**
   * After the test changed the world: the operator comes back if a crash left it down, settles
   * (through every backoff when the change removed a cause of trouble), and restarts anyway if an
   * armed crash point was never reached, so every Restart step does restart it.
   */
  void react(boolean causeRemoved) {
    if (down) restart();
    if (causeRemoved) {
      settleThroughBackoff();
    } else {
      settle();
    }
    if (!down && crashes.armed()) {
      crashes.disarm();
      restart();
      settle();
    }
  }

  /** The end of a sequence: no crash left armed, the operator up. */
  void bringUp() {
    crashes.disarm();
    if (down) restart();
  }

  boolean isDown() {
    return down;
  }

  int restarts() {
    return restarts;
  }

  /**
   * Runs passes until the world is at rest: no pass due, and none due within the quiet window after
   * the last change (an object written, or AWS changed). Returns early if the operator crashed and
   * stays down.
   *
   * @throws NotSettled after too many passes or too much simulated time, with a state dump
   */
  void settle() {
    settle(settings.quiet());
  }

  /**
   * As {@link #settle()}, with a quiet window long enough for every retry backoff to come round:
   * after a cause of trouble went away, what waited for it must get its pass before anyone looks.
   */
  void settleThroughBackoff() {
    settle(options.retryMax().plus(settings.quiet()));
  }

  private void settle(Duration quiet) {
    if (down) return;
    Instant started = clock.instant();
    Instant lastChange = started;
    String seen = null;
    long writesSeen = apiWrites.count();
    apiWrites.drain();
    observer.observeAll();
    int passes = 0;
    while (true) {
      if (apiWrites.count() != writesSeen) {
        // Only a write can change an object: the test's (listed above) or the operator's.
        writesSeen = apiWrites.count();
        observer.observeWritten(apiWrites.drain());
      }
      String now = observer.fingerprint() + " " + awsState.get().hashCode();
      if (!now.equals(seen)) {
        seen = now;
        lastChange = clock.instant();
      }
      List<TrackedObject> due = due();
      if (due.isEmpty()) {
        Optional<Instant> next = nextTimer();
        if (next.isEmpty() || next.get().isAfter(lastChange.plus(quiet))) return;
        advanceTo(next.get());
        if (Duration.between(started, clock.instant()).compareTo(settings.maxSimulatedTime()) > 0) {
          throw notSettled("still changing after " + settings.maxSimulatedTime() + " simulated");
        }
        continue;
      }
      for (TrackedObject t : due) {
        run(t);
        if (down) return;
        if (++passes > settings.maxPasses()) {
          throw notSettled("still changing after " + settings.maxPasses() + " passes");
        }
      }
    }
  }

  private List<TrackedObject> due() {
    Instant now = clock.instant();
    return tracked.values().stream()
        .filter(t -> t.dirty || (t.dueAt != null && !t.dueAt.isAfter(now)))
        .sorted(
            Comparator.comparing((TrackedObject t) -> t.kind)
                .reversed()
                .thenComparing(t -> t.order))
        .toList();
  }

  private Optional<Instant> nextTimer() {
    return tracked.values().stream()
        .map(t -> t.dueAt)
        .filter(java.util.Objects::nonNull)
        .min(Comparator.naturalOrder());
  }

  private void advanceTo(Instant next) {
    Duration gap = Duration.between(clock.instant(), next);
    if (!gap.isNegative() && !gap.isZero()) clock.advance(gap);
  }

  /**
   * One pass over the object as last listed: like JOSDK's informer cache, that copy may be a round
   * behind another pass's write; the write's own event brings the object round again.
   */
  private void run(TrackedObject t) {
    t.dirty = false;
    boolean environment = t.kind.equals("StagingEnvironment");
    CustomResource<?, ?> cached = t.latest;
    ledger.during(new Actor(t.kind, t.name, t.uid));
    long started = System.nanoTime();
    try {
      KindController.Pass pass =
          environment
              ? environments.dispatch((StagingEnvironment) cached, t.attempt)
              : releases.dispatch((ServiceRelease) cached, t.attempt);
      schedule(t, pass, started);
    } catch (OperatorCrash crash) {
      crashed(t, crash);
    } catch (RuntimeException e) {
      // Outside reconcile (a finalizer or status patch refused): JOSDK retries with backoff.
      schedule(
          t,
          new KindController.Pass(KindController.Result.RETRY, Optional.empty(), Texts.brief(e)),
          started);
    } finally {
      ledger.during(null);
    }
  }

  private void schedule(TrackedObject t, KindController.Pass pass, long started) {
    Instant now = clock.instant();
    switch (pass.result()) {
      case RETRY -> {
        t.attempt++;
        t.dueAt = now.plus(backoff(t.attempt));
      }
      case FINALIZER_REMOVED, SKIPPED -> t.dueAt = null;
      default -> {
        t.attempt = 0;
        t.dueAt = now.plus(pass.recheck().orElse(settings.maxReconciliationInterval()));
      }
    }
    note(
        t
            + ": "
            + pass.result()
            + " "
            + pass.detail()
            + " ["
            + (System.nanoTime() - started) / 1_000_000
            + " ms]");
  }

  /**
   * JOSDK's GenericRetry as the operator configures it: exponential ×2 from the initial, capped.
   */
  private Duration backoff(int attempt) {
    Duration d = options.retryInitial().multipliedBy(1L << Math.min(20, attempt - 1));
    return d.compareTo(options.retryMax()) > 0 ? options.retryMax() : d;
  }

  /** Stops the operator, releasing what it holds open, as a process that exits would. */
  void stop() {
    if (reconcilers != null) reconcilers.close();
  }

  private void crashed(TrackedObject t, OperatorCrash crash) {
    note(t + ": " + crash.getMessage());
    down = true;
    stop();
    crashes.disarm();
    if (!stayDownAfterCrash) restart();
  }

  private void note(String line) {
    history.addLast(clock.instant() + " " + line);
    while (history.size() > 80) history.removeFirst();
  }

  private NotSettled notSettled(String why) {
    return new NotSettled(why + "\n" + dump());
  }

  /** Every object the driver tracks with when it is due, then the last passes. */
  String dump() {
    StringBuilder out = new StringBuilder("objects at " + clock.instant() + ":\n");
    for (TrackedObject t : tracked.values()) {
      out.append("  ")
          .append(t)
          .append(t.deleting ? " (deleting)" : "")
          .append(" dirty=")
          .append(t.dirty)
          .append(" due=")
          .append(t.dueAt)
          .append(" retry=")
          .append(t.attempt)
          .append('\n');
    }
    out.append("last passes:\n");
    history.forEach(l -> out.append("  ").append(l).append('\n'));
    return out.toString();
  }
}
