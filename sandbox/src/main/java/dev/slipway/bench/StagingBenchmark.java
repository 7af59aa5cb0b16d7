package dev.slipway.bench;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.AwsResilienceSettings;
import dev.slipway.aws.ThrottleBucket;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.CallStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The staging benchmark: N ServiceReleases put to sleep and woken by annotation (as a schedule
 * does), measured against AWS's UpdateService and Application Auto Scaling buckets; then, on a
 * sandbox of its own, one environment's datastores refreshed, counted against the fewest calls the
 * workflow needs.
 */
public final class StagingBenchmark {
  /**
   * Options of one run; {@code services} 0 skips the sleep and wake, {@code refresh} false the
   * refresh.
   */
  public record Options(int services, double timeScale, Duration timeout, boolean refresh) {}

  /** The buckets a sleep or wake draws from, refilled before each so the bounds hold. */
  private static final List<ThrottleBucket> POWER_BUCKETS =
      List.of(
          ThrottleBucket.ECS_SERVICE_WRITE,
          ThrottleBucket.ECS_SERVICE_READ,
          ThrottleBucket.ECS_TASK_DEFINITION_READ,
          ThrottleBucket.AUTOSCALING);

  private final Options options;
  private final PrintStream progress;
  private final double fraction = AwsResilienceSettings.defaults().rateLimitFraction();

  public StagingBenchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * Gives the create phase at least the timeout, and more when AWS's registration bucket alone
   * makes it longer (every release registers its own task definition, 1 per second).
   */
  Duration createTimeout() {
    double bound =
        Bounds.clientSeconds(
            options.services(), ThrottleBucket.ECS_TASK_DEFINITION_WRITE, fraction);
    Duration needed = Duration.ofSeconds((long) (1.5 * bound) + 120);
    return needed.compareTo(options.timeout()) > 0 ? needed : options.timeout();
  }

  public StagingResult run() {
    int n = options.services();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CallLog log = new CallLog();
    // Polls as the sandbox does; the periodic resync is pushed out of the run so that it adds no
    // passes (and no DescribeServices) to the transitions measured.
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofHours(24), 10);
    double createSeconds = Double.NaN;
    Transition sleep = null;
    Transition wake = null;
    if (n > 0) {
      try (Sandbox sandbox = Sandbox.start(0, options.timeScale(), settings, meters, log::wrap)) {
        sandbox.ensureNamespace(BenchFleet.NAMESPACE);
        PowerFleet fleet = new PowerFleet(sandbox.client(), n, progress);
        progress.printf(
            "create: %d releases, %d autoscaled (timeout %s)%n",
            n, PowerFleet.autoscaledOf(n), createTimeout());
        long start = System.nanoTime();
        fleet.create();
        long ready =
            fleet.await(PowerFleet::ready, "create", createTimeout(), Duration.ofSeconds(1));
        createSeconds = (ready - start) / 1e9;
        progress.printf("create: all Ready after %.1f s%n", createSeconds);

        sleep = transition(sandbox, meters, log, fleet, Transition.SLEEP, PowerFleet::sleeping);
        wake = transition(sandbox, meters, log, fleet, Transition.WAKE, PowerFleet::ready);
      }
    }
    List<RefreshDatastore> datastores = RefreshBench.datastores();
    List<RefreshRun> refreshes =
        options.refresh()
            ? new RefreshBench(options.timeScale(), options.timeout(), progress).run(datastores)
            : List.of();
    return new StagingResult(
        n,
        PowerFleet.autoscaledOf(n),
        options.timeScale(),
        fraction,
        createSeconds,
        sleep,
        wake,
        datastores.stream().map(RefreshDatastore::describe).toList(),
        refreshes);
  }

  private Transition transition(
      Sandbox sandbox,
      SimpleMeterRegistry meters,
      CallLog log,
      PowerFleet fleet,
      String name,
      Predicate<ServiceRelease> done) {
    refillBuckets();
    AwsSimulator aws = sandbox.aws();
    progress.printf("%s: %s all %d at once%n", name, name, options.services());
    aws.resetCounters();
    log.reset();
    MeterTotals before = MeterTotals.of(meters);
    Instant simStart = aws.clock().instant();
    long start = System.nanoTime();
    fleet.annotate(Transition.SLEEP.equals(name));
    long end = fleet.await(done, name, options.timeout(), Duration.ofMillis(500));
    Instant simEnd = aws.clock().instant();
    double seconds = (end - start) / 1e9;
    progress.printf("%s: all done after %.1f s%n", name, seconds);
    MeterTotals after = MeterTotals.of(meters);

    Map<String, Long> calls = new TreeMap<>();
    Map<String, Long> throttled = new TreeMap<>();
    for (Map.Entry<String, CallStats> e : aws.calls().entrySet()) {
      if (e.getValue().received() > 0) calls.put(e.getKey(), e.getValue().received());
      if (e.getValue().throttled() > 0) throttled.put(e.getKey(), e.getValue().throttled());
    }
    Map<String, Double> waits = new TreeMap<>();
    for (ThrottleBucket b : ThrottleBucket.values()) {
      double s = after.since(before, "slipway.aws.ratelimit.wait.seconds|bucket=" + b.name());
      if (s > 0.0005) waits.put(b.name(), s);
    }
    return new Transition(
        name,
        options.services(),
        PowerFleet.autoscaledOf(options.services()),
        seconds,
        Duration.between(simStart, simEnd).toMillis() / 1000.0,
        calls,
        throttled,
        log.lowestLevels(),
        waits,
        // Logical calls that ended throttled: mostly the limiter refusing waits beyond its maximum.
        (long) after.since(before, "slipway.aws.calls|outcome=throttled"),
        (long) after.since(before, "operator.sdk.reconciliations.started"),
        (long) after.since(before, "operator.sdk.reconciliations.failed"));
  }

  /** Sleeps until the buckets a transition draws from are full: the bounds assume they start so. */
  private void refillBuckets() {
    double seconds = POWER_BUCKETS.stream().mapToDouble(Bounds::refillSeconds).max().orElse(0);
    progress.printf("waiting %.0f s for the AWS buckets to refill%n", seconds + 1);
    BenchFleet.sleep(Duration.ofMillis((long) ((seconds + 1) * 1000)));
  }
}
