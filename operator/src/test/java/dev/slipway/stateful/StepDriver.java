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
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** How settling behaves; see {@link #defaults()}. */
  record Settings(
      Duration quiet,
      int maxPasses,
      Duration maxSimulatedTime,
      Duration retryInitial,
      Duration retryMax,
      Duration maxReconciliationInterval) {
    static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(30),
          1500,
          Duration.ofHours(2),
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          Duration.ofHours(10));
    }

    Settings withQuiet(Duration value) {
      return new Settings(
          value, maxPasses, maxSimulatedTime, retryInitial, retryMax, maxReconciliationInterval);
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
  private final Settings settings;
  static final Map<String, java.util.concurrent.atomic.LongAdder[]> PROFILE =
      new java.util.concurrent.ConcurrentHashMap<>();

  static String profile() {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(PROFILE)
        .forEach(
            (k, v) ->
                out.append(
                    String.format(
                        "%6d passes %7d ms %s%n", v[0].sum(), v[1].sum() / 1_000_000, k)));
    return out.toString();
  }

  private final KindController<StagingEnvironment> environments;
  private final KindController<ServiceRelease> releases;
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();
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
    this.settings = settings;
    this.environments =
        new KindController<>(
            StagingEnvironment.class, client, crashes, () -> reconcilers.environments());
    this.releases =
        new KindController<>(ServiceRelease.class, client, crashes, () -> reconcilers.releases());
  }

  /**
   * Starts the operator, or starts a new one: every bit of in-memory state is dropped with the old
   * wiring, and, as after a real start, every object gets a pass.
   */
  void restart() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    reconcilers = Reconcilers.wire(client, aws, clock, options, meters, simulatedTimeCalls(meters));
    down = false;
    restarts++;
    tracked.values().forEach(Tracked::forget);
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

  boolean crashArmed() {
    return crashes.armed();
  }

  void disarm() {
    crashes.disarm();
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
    if (down) return;
    Instant started = clock.instant();
    Instant lastChange = started;
    String seen = null;
    long writesSeen = apiWrites.count();
    apiWrites.drain();
    observeAll();
    int passes = 0;
    while (true) {
      if (apiWrites.count() != writesSeen) {
        // Only a write can change an object: the test's (listed above) or the operator's.
        writesSeen = apiWrites.count();
        observeWritten(apiWrites.drain());
      }
      String now = fingerprint() + " " + ledger.mutations();
      if (!now.equals(seen)) {
        seen = now;
        lastChange = clock.instant();
      }
      List<Tracked> due = due();
      if (due.isEmpty()) {
        Optional<Instant> next = nextTimer();
        if (next.isEmpty() || next.get().isAfter(lastChange.plus(settings.quiet()))) return;
        advanceTo(next.get());
        if (Duration.between(started, clock.instant()).compareTo(settings.maxSimulatedTime()) > 0) {
          throw notSettled("still changing after " + settings.maxSimulatedTime() + " simulated");
        }
        continue;
      }
      for (Tracked t : due) {
        run(t);
        if (down) return;
        if (++passes > settings.maxPasses()) {
          throw notSettled("still changing after " + settings.maxPasses() + " passes");
        }
      }
    }
  }

  /** Lists both kinds: everything the operator would react to, and gone objects forgotten. */
  private void observeAll() {
    List<CustomResource<?, ?>> all = new ArrayList<>();
    all.addAll(client.resources(StagingEnvironment.class).inNamespace(namespace).list().getItems());
    all.addAll(client.resources(ServiceRelease.class).inNamespace(namespace).list().getItems());
    Set<String> present = new HashSet<>();
    all.forEach(r -> present.add(seen(r).uid));
    tracked.keySet().retainAll(present);
    collectGarbage();
  }

  /** Reads again what the operator wrote (or lists all after a create). */
  private void observeWritten(ApiWrites.Touched touched) {
    if (touched.relist()) {
      observeAll();
      return;
    }
    for (String object : touched.objects()) {
      String[] pluralAndName = object.split("/");
      boolean environment = pluralAndName[0].equals("stagingenvironments");
      CustomResource<?, ?> r =
          environment
              ? client
                  .resources(StagingEnvironment.class)
                  .inNamespace(namespace)
                  .withName(pluralAndName[1])
                  .get()
              : client
                  .resources(ServiceRelease.class)
                  .inNamespace(namespace)
                  .withName(pluralAndName[1])
                  .get();
      String kind = environment ? "StagingEnvironment" : "ServiceRelease";
      tracked
          .values()
          .removeIf(
              t ->
                  t.kind.equals(kind)
                      && t.name.equals(pluralAndName[1])
                      && (r == null || !t.uid.equals(r.getMetadata().getUid())));
      if (r != null) seen(r);
    }
    collectGarbage();
  }

  /** Records one object as read now; marks it (or its environment) due as JOSDK would. */
  private Tracked seen(CustomResource<?, ?> r) {
    Tracked known = tracked.get(r.getMetadata().getUid());
    Tracked t = known == null ? Tracked.of(r) : known;
    tracked.put(t.uid, t);
    lineage.saw(r, t.ownerUid);
    boolean changed = known == null || t.changedFor(r);
    if (changed && t.ownerUid != null && tracked.containsKey(t.ownerUid)) {
      // The environment controller watches its children's every change.
      tracked.get(t.ownerUid).dirty = true;
    }
    return t;
  }

  private String fingerprint() {
    StringBuilder out = new StringBuilder();
    tracked.values().forEach(t -> out.append(t.uid).append('@').append(t.version).append(' '));
    return out.toString();
  }

  /** Deletes children whose owner is gone, as the cluster's garbage collector would. */
  private void collectGarbage() {
    for (Tracked t : List.copyOf(tracked.values())) {
      if (t.ownerUid == null || tracked.containsKey(t.ownerUid) || t.deleting) continue;
      try {
        client.resource(t.latest).delete();
        note("garbage collector deleted " + t);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) throw e;
      }
    }
  }

  private List<Tracked> due() {
    Instant now = clock.instant();
    return tracked.values().stream()
        .filter(t -> t.dirty || (t.dueAt != null && !t.dueAt.isAfter(now)))
        .sorted(Comparator.comparing((Tracked t) -> t.kind).reversed().thenComparing(t -> t.order))
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
  private void run(Tracked t) {
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
      PROFILE.computeIfAbsent(
          t.kind + " " + pass.result(),
          k ->
              new java.util.concurrent.atomic.LongAdder[] {
                new java.util.concurrent.atomic.LongAdder(),
                new java.util.concurrent.atomic.LongAdder()
              });
      PROFILE.get(t.kind + " " + pass.result())[0].increment();
      PROFILE.get(t.kind + " " + pass.result())[1].add(System.nanoTime() - started);
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

  private void schedule(Tracked t, KindController.Pass pass, long started) {
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

  /** JOSDK's GenericRetry as Slipway configures it: exponential ×2 from the initial, capped. */
  private Duration backoff(int attempt) {
    Duration d = settings.retryInitial().multipliedBy(1L << Math.min(20, attempt - 1));
    return d.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : d;
  }

  private void crashed(Tracked t, OperatorCrash crash) {
    note(t + ": " + crash.getMessage());
    down = true;
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
    for (Tracked t : tracked.values()) {
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

  /** What the driver knows of one object between passes. */
  private static final class Tracked {
    private static final java.util.concurrent.atomic.AtomicLong CREATED =
        new java.util.concurrent.atomic.AtomicLong();
    final String kind;
    final String uid;
    final String name;
    final String ownerUid;
    final long order = CREATED.getAndIncrement();
    String version;
    Long generation;
    Map<String, String> annotations;
    List<String> finalizers;
    boolean deleting;
    CustomResource<?, ?> latest;
    boolean dirty = true;
    Instant dueAt;
    int attempt;

    private Tracked(CustomResource<?, ?> r) {
      this.kind = r.getKind();
      this.uid = r.getMetadata().getUid();
      this.name = r.getMetadata().getName();
      this.ownerUid =
          r.getMetadata().getOwnerReferences() == null
              ? null
              : r.getMetadata().getOwnerReferences().stream()
                  .filter(o -> "StagingEnvironment".equals(o.getKind()))
                  .map(o -> o.getUid())
                  .findFirst()
                  .orElse(null);
      remember(r);
    }

    static Tracked of(CustomResource<?, ?> r) {
      return new Tracked(r);
    }

    /**
     * Records the object as now listed; true if it changed at all. Marks it due when it changed the
     * way the operator's update filter reacts to (not a status-only change).
     */
    boolean changedFor(CustomResource<?, ?> r) {
      boolean changed = !r.getMetadata().getResourceVersion().equals(version);
      boolean worth =
          !java.util.Objects.equals(generation, r.getMetadata().getGeneration())
              || !java.util.Objects.equals(annotations, r.getMetadata().getAnnotations())
              || !java.util.Objects.equals(finalizers, r.getMetadata().getFinalizers())
              || deleting != r.isMarkedForDeletion();
      if (worth) dirty = true;
      remember(r);
      return changed;
    }

    private void remember(CustomResource<?, ?> r) {
      latest = r;
      version = r.getMetadata().getResourceVersion();
      generation = r.getMetadata().getGeneration();
      annotations = r.getMetadata().getAnnotations();
      finalizers = r.getMetadata().getFinalizers();
      deleting = r.isMarkedForDeletion();
    }

    /** A new operator knows nothing: everything is reconciled once. */
    void forget() {
      dirty = true;
      dueAt = null;
      attempt = 0;
    }

    @Override
    public String toString() {
      return (kind.equals("StagingEnvironment") ? "stage/" : "sr/") + name;
    }
  }
}
