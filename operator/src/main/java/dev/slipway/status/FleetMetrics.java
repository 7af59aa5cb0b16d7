package dev.slipway.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet as Prometheus sees it: the current phase of every release and environment (one series
 * each, like kube-state-metrics), when that phase began, phase transitions, rollout results,
 * reconcile passes and each environment's estimated cost. Names and labels are documented in
 * docs/observability.md; the chart's alerts and dashboard depend on them, so renaming one is a
 * breaking change.
 */
public final class FleetMetrics {
  public static final String RELEASES = "servicerelease";
  public static final String ENVIRONMENTS = "stagingenvironment";

  private final MeterRegistry registry;
  private final Map<Key, State> releases = new ConcurrentHashMap<>();
  private final Map<Key, State> environments = new ConcurrentHashMap<>();
  private final Map<Key, Cost> costs = new ConcurrentHashMap<>();
  private final MultiGauge releasePhase;
  private final MultiGauge releaseSince;
  private final MultiGauge environmentPhase;
  private final MultiGauge environmentCounts;
  private final MultiGauge costHourly;
  private final MultiGauge costProjected;
  private final MultiGauge costAlwaysOn;

  /** Who a series is about; {@code kind} is "shared" or "branch" for environments, else "". */
  private record Key(String namespace, String name, String kind) {}

  /** A resource's phase and when it was entered. */
  private record State(String phase, Instant since) {}

  /** An environment's estimated cost in USD: per hour now, per month projected and always on. */
  private record Cost(double hourly, double projected, double alwaysOn) {}

  public FleetMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.releasePhase =
        MultiGauge.builder("slipway.release.phase")
            .description("1 for each ServiceRelease's current phase")
            .register(registry);
    this.releaseSince =
        MultiGauge.builder("slipway.release.phase.since.timestamp.seconds")
            .description("Unix time at which each ServiceRelease entered its current phase")
            .register(registry);
    this.environmentPhase =
        MultiGauge.builder("slipway.environment.phase")
            .description("1 for each StagingEnvironment's current phase")
            .register(registry);
    this.environmentCounts =
        MultiGauge.builder("slipway.environments")
            .description("StagingEnvironments by kind (shared, branch) and phase")
            .register(registry);
    this.costHourly =
        MultiGauge.builder("slipway.environment.cost.hourly.usd")
            .description("Estimated USD per hour of each environment's running Fargate tasks")
            .register(registry);
    this.costProjected =
        MultiGauge.builder("slipway.environment.cost.monthly.projected.usd")
            .description("Estimated USD per month of each environment with its schedule")
            .register(registry);
    this.costAlwaysOn =
        MultiGauge.builder("slipway.environment.cost.monthly.always.on.on.demand.usd")
            .description("Estimated USD per month of each environment always on, all on-demand")
            .register(registry);
  }

  /** Records a release's phase after a pass; {@code previous} is the phase its status held. */
  public void release(HasMetadata r, String previous, String phase, Instant now) {
    Key key = new Key(r.getMetadata().getNamespace(), r.getMetadata().getName(), "");
    Change change = observe(releases, key, previous, phase, now);
    if (change == Change.TRANSITION) transition("release", key, phase);
    if (change != Change.NONE) publishReleases();
  }

  /** Records an environment's phase after a pass; {@code previous} is the phase its status held. */
  public void environment(
      HasMetadata e, boolean branch, String previous, String phase, Instant now) {
    Key key = environmentKey(e, branch);
    Change change = observe(environments, key, previous, phase, now);
    if (change == Change.TRANSITION) transition("environment", key, phase);
    if (change != Change.NONE) publishEnvironments();
  }

  /**
   * Records an environment's estimated cost after a pass; null figures (unknown) remove its series,
   * so a dashboard shows a gap rather than a wrong number.
   */
  public void environmentCost(
      HasMetadata e, boolean branch, Double hourly, Double projected, Double alwaysOn) {
    Key key = environmentKey(e, branch);
    Cost cost =
        hourly == null || projected == null || alwaysOn == null
            ? null
            : new Cost(hourly, projected, alwaysOn);
    Cost before = cost == null ? costs.remove(key) : costs.put(key, cost);
    if (!Objects.equals(before, cost)) publishCosts();
  }

  /** The resource is gone: its series go with it. */
  public void forgetRelease(HasMetadata r) {
    releases.remove(new Key(r.getMetadata().getNamespace(), r.getMetadata().getName(), ""));
    publishReleases();
  }

  /** The environment is gone: its series go with it. */
  public void forgetEnvironment(HasMetadata e) {
    String ns = e.getMetadata().getNamespace();
    String name = e.getMetadata().getName();
    environments.keySet().removeIf(k -> k.namespace().equals(ns) && k.name().equals(name));
    costs.keySet().removeIf(k -> k.namespace().equals(ns) && k.name().equals(name));
    publishEnvironments();
    publishCosts();
  }

  /** A release attempt finished: completed, failed or rolled_back. */
  public void rollout(String namespace, String result) {
    Counter.builder("slipway.rollouts")
        .description("Finished release attempts by result (completed, failed, rolled_back)")
        .tags("namespace", namespace, "result", result)
        .register(registry)
        .increment();
  }

  /** One reconcile pass of a controller started. */
  public void reconciled(String controller) {
    Counter.builder("slipway.reconciles")
        .description("Reconcile passes by controller")
        .tag("controller", controller)
        .register(registry)
        .increment();
  }

  /** A reconcile pass ended in an exception (JOSDK retries it with backoff). */
  public void reconcileError(String controller) {
    Counter.builder("slipway.reconcile.errors")
        .description("Reconcile passes that ended in an error, by controller")
        .tag("controller", controller)
        .register(registry)
        .increment();
  }

  /**
   * What a pass changed: a phase transition, a resource seen for the first time, or nothing (most
   * passes), in which case the gauges are not rebuilt.
   */
  private enum Change {
    TRANSITION,
    FIRST_SEEN,
    NONE
  }

  /**
   * Stores the phase. After a restart the first pass knows the previous phase from status, so an
   * unchanged phase is not counted again (its start time is then the restart, which the docs say).
   */
  private static Change observe(
      Map<Key, State> states, Key key, String previous, String phase, Instant now) {
    State known = states.get(key);
    String before = known != null ? known.phase() : previous;
    boolean changed = before == null || !before.equals(phase);
    if (changed || known == null) states.put(key, new State(phase, now));
    return changed ? Change.TRANSITION : known == null ? Change.FIRST_SEEN : Change.NONE;
  }

  private void transition(String what, Key key, String phase) {
    Counter.builder("slipway." + what + ".transitions")
        .description("Times a " + what + " entered a phase")
        .tags("namespace", key.namespace(), "phase", phase)
        .register(registry)
        .increment();
  }

  private synchronized void publishReleases() {
    List<MultiGauge.Row<?>> phases = new ArrayList<>();
    List<MultiGauge.Row<?>> since = new ArrayList<>();
    releases.forEach(
        (k, s) -> {
          Tags id = Tags.of("namespace", k.namespace(), "name", k.name());
          phases.add(MultiGauge.Row.of(id.and("phase", s.phase()), 1));
          since.add(MultiGauge.Row.of(id, s.since().getEpochSecond()));
        });
    releasePhase.register(phases, true);
    releaseSince.register(since, true);
  }

  private synchronized void publishEnvironments() {
    List<MultiGauge.Row<?>> phases = new ArrayList<>();
    Map<List<String>, Integer> counts = new TreeMap<>(FleetMetrics::compareLists);
    environments.forEach(
        (k, s) -> {
          phases.add(
              MultiGauge.Row.of(
                  Tags.of(
                      "namespace",
                      k.namespace(),
                      "name",
                      k.name(),
                      "kind",
                      k.kind(),
                      "phase",
                      s.phase()),
                  1));
          counts.merge(List.of(k.kind(), s.phase()), 1, Integer::sum);
        });
    environmentPhase.register(phases, true);
    List<MultiGauge.Row<?>> totals = new ArrayList<>();
    counts.forEach(
        (kp, n) ->
            totals.add(MultiGauge.Row.of(Tags.of("kind", kp.get(0), "phase", kp.get(1)), n)));
    environmentCounts.register(totals, true);
  }

  private synchronized void publishCosts() {
    List<MultiGauge.Row<?>> hourly = new ArrayList<>();
    List<MultiGauge.Row<?>> projected = new ArrayList<>();
    List<MultiGauge.Row<?>> alwaysOn = new ArrayList<>();
    costs.forEach(
        (k, c) -> {
          Tags id = Tags.of("namespace", k.namespace(), "name", k.name(), "kind", k.kind());
          hourly.add(MultiGauge.Row.of(id, c.hourly()));
          projected.add(MultiGauge.Row.of(id, c.projected()));
          alwaysOn.add(MultiGauge.Row.of(id, c.alwaysOn()));
        });
    costHourly.register(hourly, true);
    costProjected.register(projected, true);
    costAlwaysOn.register(alwaysOn, true);
  }

  private static Key environmentKey(HasMetadata e, boolean branch) {
    return new Key(
        e.getMetadata().getNamespace(), e.getMetadata().getName(), branch ? "branch" : "shared");
  }

  private static int compareLists(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }
}
