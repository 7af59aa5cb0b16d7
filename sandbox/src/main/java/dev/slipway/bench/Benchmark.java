package dev.slipway.bench;

import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.ThrottleBucket;
import dev.slipway.bench.WriteRecorder.Write;
import dev.slipway.release.DriftScanner;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.CallStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the benchmark on a fresh sandbox: create N releases, measure heap and K direct resyncs, bump
 * every image at once, then bump one release alone for the unthrottled latency.
 */
public final class Benchmark {
  private static final String V1 = "repo/bench:v1";
  private static final String V2 = "repo/bench:v2";
  private static final String V3 = "repo/bench:v3";

  /** Options of one run. */
  public record Options(int releases, double timeScale, int resyncs, Duration timeout) {}

  private final Options options;
  private final PrintStream progress;
  private final double fraction = AwsResilienceSettings.defaults().rateLimitFraction();

  public Benchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * Gives a phase at least {@code timeout}, and more when AWS's registration bucket alone makes it
   * longer: no operator can beat that bound, so timing out before it says nothing.
   */
  public Duration phaseTimeout() {
    double bound =
        Bounds.clientSeconds(
            options.releases(), ThrottleBucket.ECS_TASK_DEFINITION_WRITE, fraction);
    Duration needed = Duration.ofSeconds((long) (1.5 * bound) + 120);
    return needed.compareTo(options.timeout()) > 0 ? needed : options.timeout();
  }

  public BenchResult run() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AtomicReference<WriteRecorder> recorder = new AtomicReference<>();
    // Polls as the sandbox does; the periodic resync is pushed out of the run so that the only
    // resyncs are the K this benchmark runs itself (a Ready release is otherwise left alone).
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofHours(24), 10);
    try (Sandbox sandbox =
        Sandbox.start(
            0,
            options.timeScale(),
            settings,
            meters,
            aws -> {
              recorder.set(new WriteRecorder(aws));
              return recorder.get();
            })) {
      sandbox.ensureNamespace(BenchFleet.NAMESPACE);
      return run(sandbox, meters, recorder.get());
    }
  }

  private BenchResult run(Sandbox sandbox, SimpleMeterRegistry meters, WriteRecorder recorder) {
    int n = options.releases();
    AwsSimulator aws = sandbox.aws();
    BenchFleet fleet = new BenchFleet(sandbox.client(), n, progress);
    Duration timeout = phaseTimeout();
    double baselineMb = usedHeapMb();

    progress.printf("create: %d releases (timeout %s per phase)%n", n, timeout);
    aws.resetCounters();
    MeterTotals before = MeterTotals.of(meters);
    long start = System.nanoTime();
    fleet.create(V1);
    long ready = fleet.awaitReady(V1, timeout, Duration.ofSeconds(1), "create", new HashMap<>());
    BenchResult.Phase create = phase(aws, meters, before, (ready - start) / 1e9, "CreateService");
    progress.printf("create: all Ready after %.1f s%n", create.seconds());

    double settledMb = usedHeapMb();

    progress.printf("resync: %d direct scans%n", options.resyncs());
    DriftScanner scanner = sandbox.operator().scanner();
    aws.resetCounters();
    long woken = 0;
    long scanStart = System.nanoTime();
    for (int i = 0; i < options.resyncs(); i++) woken += scanner.scanOnce();
    double msPerScan = (System.nanoTime() - scanStart) / 1e6 / options.resyncs();
    BenchResult.Resync resync =
        new BenchResult.Resync(aws.calls("ecs", "DescribeServices").received(), woken, msPerScan);

    refillBuckets();
    progress.printf("bump: every image to %s at once%n", V2);
    aws.resetCounters();
    recorder.reset();
    before = MeterTotals.of(meters);
    start = System.nanoTime();
    Map<String, Long> edits = fleet.bump(V2);
    Map<String, Long> readyAt = new HashMap<>();
    ready = fleet.awaitReady(V2, timeout, Duration.ofSeconds(1), "bump", readyAt);
    BenchResult.Phase bump = phase(aws, meters, before, (ready - start) / 1e9, "UpdateService");
    progress.printf("bump: all Ready after %.1f s%n", bump.seconds());
    BenchResult.Latencies latencies = latencies(edits, readyAt, recorder);

    refillBuckets();
    progress.println("probe: one release bumped alone");
    String probe = BenchFleet.name(0);
    recorder.reset();
    long edited = fleet.bumpOne(probe, V3);
    long probeReady = awaitOne(fleet, probe, V3);
    long updated = recorder.firstNanos(Write.UPDATE_SERVICE, probe).orElse(edited);
    BenchResult.Probe probed =
        new BenchResult.Probe((probeReady - edited) / 1e9, (probeReady - updated) / 1e9);

    return new BenchResult(
        n,
        options.timeScale(),
        options.resyncs(),
        fraction,
        create,
        new BenchResult.Heap(baselineMb, settledMb),
        resync,
        bump,
        latencies,
        probed);
  }

  /** A phase's figures from the simulator's counters and the difference of two meter snapshots. */
  private BenchResult.Phase phase(
      AwsSimulator aws,
      SimpleMeterRegistry meters,
      MeterTotals before,
      double seconds,
      String serviceWrite) {
    MeterTotals after = MeterTotals.of(meters);
    Map<String, Long> throttled = new TreeMap<>();
    for (Map.Entry<String, CallStats> e : aws.calls().entrySet())
      if (e.getValue().throttled() > 0) throttled.put(e.getKey(), e.getValue().throttled());
    Map<String, Double> waits = new TreeMap<>();
    for (ThrottleBucket b : ThrottleBucket.values()) {
      double s = after.since(before, "slipway.aws.ratelimit.wait.seconds|bucket=" + b.name());
      if (s > 0.0005) waits.put(b.name(), s);
    }
    return new BenchResult.Phase(
        seconds,
        aws.calls("ecs", "RegisterTaskDefinition").received(),
        aws.calls("ecs", "RegisterTaskDefinition").accepted(),
        aws.calls("ecs", serviceWrite).accepted(),
        throttled,
        waits,
        // Logical calls that ended throttled: mostly the limiter refusing waits beyond its maximum.
        (long) after.since(before, "slipway.aws.calls|outcome=throttled"),
        (long) after.since(before, "operator.sdk.reconciliations.failed"));
  }

  private static BenchResult.Latencies latencies(
      Map<String, Long> edits, Map<String, Long> readyAt, WriteRecorder recorder) {
    List<Double> register = new ArrayList<>();
    List<Double> update = new ArrayList<>();
    List<Double> toReady = new ArrayList<>();
    edits.forEach(
        (name, sent) -> {
          if (readyAt.containsKey(name)) toReady.add((readyAt.get(name) - sent) / 1e9);
          recorder
              .firstNanos(Write.REGISTER_TASK_DEFINITION, name)
              .ifPresent(t -> register.add((t - sent) / 1e9));
          recorder
              .firstNanos(Write.UPDATE_SERVICE, name)
              .ifPresent(t -> update.add((t - sent) / 1e9));
        });
    return new BenchResult.Latencies(
        Math.min(register.size(), update.size()),
        Bounds.percentile(register, 50),
        Bounds.percentile(register, 99),
        Bounds.percentile(update, 50),
        Bounds.percentile(update, 99),
        Bounds.percentile(toReady, 50),
        Bounds.percentile(toReady, 99));
  }

  private long awaitOne(BenchFleet fleet, String name, String image) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (BenchFleet.isReady(fleet.resource(name).get(), image)) return System.nanoTime();
      BenchFleet.sleep(Duration.ofMillis(50));
    }
    throw new BenchTimeoutException("probe: " + name + " not Ready with " + image + " in 5 min");
  }

  /**
   * Sleeps until the client-side buckets a bump draws from are full again, since the bounds the
   * report compares with assume a full bucket at the start.
   */
  private void refillBuckets() {
    double seconds =
        List.of(
                ThrottleBucket.ECS_TASK_DEFINITION_WRITE,
                ThrottleBucket.ECS_SERVICE_WRITE,
                ThrottleBucket.ECS_SERVICE_READ,
                ThrottleBucket.ECS_TASK_DEFINITION_READ)
            .stream()
            .mapToDouble(Bounds::refillSeconds)
            .max()
            .orElse(0);
    progress.printf("waiting %.0f s for the AWS buckets to refill%n", seconds + 1);
    BenchFleet.sleep(Duration.ofMillis((long) ((seconds + 1) * 1000)));
  }

  /** Used heap after a full collection, in MB. */
  static double usedHeapMb() {
    for (int i = 0; i < 2; i++) {
      System.gc();
      BenchFleet.sleep(Duration.ofMillis(200));
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }
}
