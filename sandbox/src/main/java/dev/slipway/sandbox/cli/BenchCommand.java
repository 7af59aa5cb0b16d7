package dev.slipway.sandbox.cli;

import dev.slipway.bench.BenchReport;
import dev.slipway.bench.BenchResult;
import dev.slipway.bench.BenchTimeoutException;
import dev.slipway.bench.Benchmark;
import dev.slipway.bench.ScheduledTaskBench;
import dev.slipway.bench.ScheduledTaskReport;
import dev.slipway.bench.ScheduledTaskResult;
import dev.slipway.bench.StagingBenchmark;
import dev.slipway.bench.StagingJson;
import dev.slipway.bench.StagingReport;
import dev.slipway.bench.StagingResult;
import dev.slipway.runtime.OperatorOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway bench}: N ServiceReleases on the sandbox with AWS's throttling, measured. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run N ServiceReleases on the sandbox with AWS's published throttle buckets and report",
      "resync cost, task-definition registrations, bump convergence against the AWS bounds,",
      "edit-to-write latency, heap and throttling. The last line is the same figures as JSON.",
      "With --staging: sleep and wake of --services releases against the UpdateService and",
      "Application Auto Scaling bounds, then a refresh of one environment's datastores against",
      "the fewest RDS calls it needs.",
      "With --scheduled-tasks N: N ScheduledTasks (both engines, every minute to nightly) run for",
      "--hours simulated hours: AWS calls and passes per batch and hour, the busiest second per",
      "AWS bucket against its bound, start punctuality, one task per slot, heap."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--releases", defaultValue = "1000", description = "ServiceReleases to run (N).")
  int releases;

  @Option(
      names = "--time-scale",
      description = {
        "Simulated seconds per real second (compresses ECS rollouts, not AWS's buckets);",
        "default 60, with --scheduled-tasks 30 (which compresses the buckets too)."
      })
  Double timeScaleOption;

  double timeScale;

  @Option(
      names = "--resyncs",
      defaultValue = "3",
      description = "Direct drift-scanner resyncs to count DescribeServices over (K).")
  int resyncs;

  @Option(
      names = "--timeout",
      defaultValue = "PT20M",
      description = {
        "Give up a phase (create, bump) after this long. Raised automatically to 1.5 x the phase's",
        "registration bound + 2 min when that is longer: AWS registers 1 revision/s at most."
      })
  Duration timeout;

  @Option(
      names = "--staging",
      description = "Measure staging operations (sleep, wake, refresh) instead of releases.")
  boolean staging;

  @Option(
      names = "--services",
      defaultValue = "300",
      description =
          "With --staging: ServiceReleases to put to sleep and wake (half autoscaled); 0 runs"
              + " the refresh alone.")
  int services;

  @Option(
      names = "--no-refresh",
      description = "With --staging: skip the refresh of one environment's datastores.")
  boolean noRefresh;

  @Option(
      names = "--scheduled-tasks",
      arity = "0..1",
      fallbackValue = "50",
      description =
          "Measure N ScheduledTasks (default 50 when given without N) instead of releases.")
  Integer scheduledTasks;

  @Option(
      names = "--hours",
      defaultValue = "2",
      description = "With --scheduled-tasks: simulated hours to measure (after a 10 min warm-up).")
  double hours;

  @Option(names = "--verbose", description = "Show the operator's log on stderr.")
  boolean verbose;

  @Override
  public Integer call() {
    timeScale = timeScaleOption != null ? timeScaleOption : (scheduledTasks != null ? 30 : 60);
    if (releases < 1 || resyncs < 1 || timeScale <= 0) {
      System.err.println("--releases and --resyncs must be >= 1, --time-scale > 0");
      return 2;
    }
    if (!verbose) {
      // Refused limiter waits surface as reconcile warnings, one per retry: expected here, and
      // they would bury the report. The counts are in the report instead.
      quiet("dev.slipway");
      quiet("io.javaoperatorsdk");
    }
    if (staging) return staging();
    if (scheduledTasks != null) return scheduledTasks();
    PrintStream out = System.out;
    Benchmark bench =
        new Benchmark(new Benchmark.Options(releases, timeScale, resyncs, timeout), System.err);
    try {
      BenchResult result = bench.run();
      out.println();
      out.print(BenchReport.text(result, OperatorOptions.defaults().reconcileThreads()));
      out.println();
      out.println(BenchReport.json(result));
      return 0;
    } catch (BenchTimeoutException e) {
      System.err.println("bench did not finish: " + e.getMessage());
      return 1;
    }
  }

  private int staging() {
    if (services < 0 || (services == 0 && noRefresh)) {
      System.err.println("--services must be >= 0 (0: the refresh alone)");
      return 2;
    }
    StagingBenchmark bench =
        new StagingBenchmark(
            new StagingBenchmark.Options(services, timeScale, timeout, !noRefresh), System.err);
    try {
      StagingResult result = bench.run();
      System.out.println();
      System.out.print(StagingReport.text(result));
      System.out.println();
      System.out.println(StagingJson.of(result));
      return 0;
    } catch (BenchTimeoutException e) {
      System.err.println("bench did not finish: " + e.getMessage());
      return 1;
    }
  }

  private int scheduledTasks() {
    if (scheduledTasks < 1 || hours <= 0) {
      System.err.println("--scheduled-tasks must be >= 1 and --hours > 0");
      return 2;
    }
    ScheduledTaskBench bench =
        new ScheduledTaskBench(
            new ScheduledTaskBench.Options(scheduledTasks, hours, timeScale, timeout), System.err);
    try {
      ScheduledTaskResult result = bench.run();
      System.out.println();
      System.out.print(ScheduledTaskReport.text(result));
      System.out.println();
      System.out.println(ScheduledTaskReport.json(result));
      return 0;
    } catch (BenchTimeoutException e) {
      System.err.println("bench did not finish: " + e.getMessage());
      return 1;
    }
  }

  private static void quiet(String logger) {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(logger))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
  }
}
