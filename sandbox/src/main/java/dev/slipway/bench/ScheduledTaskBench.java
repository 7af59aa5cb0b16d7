package dev.slipway.bench;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.bench.BatchMix.Plan;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.ScheduleInvocation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduled-tasks benchmark: two ServiceReleases and N ScheduledTasks following them (a host's
 * crontab, {@link BatchMix}) run by the operator on a compressed clock ({@link CompressedOperator})
 * for some simulated hours; what the batches cost in AWS calls and reconcile passes, how close the
 * account's buckets came to AWS's bounds, and how punctually runs start and show in status.
 */
public final class ScheduledTaskBench {
  /** Options of one run: batches, simulated hours measured, simulated seconds per real second. */
  public record Options(int batches, double hours, double timeScale, Duration timeout) {}

  static final String NAMESPACE = "bench";

  /** Before measuring: schedules created, first runs through, the first hourly slots passed. */
  static final Duration WARM_UP = Duration.ofMinutes(10);

  /** Runs so close to the end that status may not show them yet are not counted. */
  static final Duration GRACE = Duration.ofMinutes(2);

  private final Options options;
  private final PrintStream progress;

  public ScheduledTaskBench(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public ScheduledTaskResult run() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    double baseline = Benchmark.usedHeapMb();
    SimCallLog[] log = new SimCallLog[1];
    try (CompressedOperator op =
        CompressedOperator.start(
            options.timeScale(),
            meters,
            (clock, aws) -> {
              log[0] = new SimCallLog(clock);
              return log[0].wrap(aws);
            })) {
      return run(op, log[0], meters, baseline);
    }
  }

  private ScheduledTaskResult run(
      CompressedOperator op, SimCallLog log, SimpleMeterRegistry meters, double baseline) {
    op.ensureNamespace(NAMESPACE);
    progress.printf("releases: %s and %s%n", BatchMix.APP, BatchMix.REPORTS);
    for (String name : List.of(BatchMix.APP, BatchMix.REPORTS)) {
      op.client()
          .resources(ServiceRelease.class)
          .inNamespace(NAMESPACE)
          .resource(BenchFleet.release(name, "repo/" + name + ":v1"))
          .create();
    }
    awaitReleases(op);
    Instant created = op.clock().instant();
    List<Plan> plans =
        BatchMix.of(options.batches(), created, WARM_UP.plus(Duration.ofMinutes(20)));
    try (RunWatch watch = new RunWatch(op.client(), NAMESPACE, op.clock())) {
      progress.printf("batches: %d ScheduledTasks at x%s%n", plans.size(), options.timeScale());
      for (Plan p : plans) {
        op.client()
            .resources(ScheduledTask.class)
            .inNamespace(NAMESPACE)
            .resource(BatchMix.resource(p, NAMESPACE))
            .create();
      }
      sleepSimulated(op, WARM_UP);
      double settled = Benchmark.usedHeapMb();
      log.reset();
      op.passes().reset();
      MeterTotals before = MeterTotals.of(meters);
      Instant from = op.clock().instant();
      progress.printf(
          "measuring %.1f simulated hours (%.0f s real)%n",
          options.hours(), options.hours() * 3600 / options.timeScale());
      Duration period = Duration.ofSeconds((long) (options.hours() * 3600));
      Instant until = from.plus(period);
      while (op.clock().instant().isBefore(until)) {
        Duration left = Duration.between(op.clock().instant(), until);
        Duration step = left.compareTo(Duration.ofMinutes(30)) < 0 ? left : Duration.ofMinutes(30);
        sleepSimulated(op, step);
        progress.printf(
            "  %s simulated, %d calls%n",
            Duration.between(from, op.clock().instant()).toMinutes() + " min", log.calls().size());
      }
      Instant to = op.clock().instant();
      op.passes().stop();
      List<SimCallLog.Call> calls = log.calls();
      MeterTotals after = MeterTotals.of(meters);
      double end = Benchmark.usedHeapMb();
      double hours = Duration.between(from, to).toNanos() / 3.6e12;
      Instant counted = to.minus(GRACE);
      List<String> invoked = new ArrayList<>();
      for (ScheduleInvocation i :
          op.aws().schedules(Sandbox.ACCOUNT, Sandbox.REGION).invocations()) {
        if (i.invokedAt().isAfter(from) && !i.invokedAt().isAfter(counted))
          invoked.addAll(i.taskArns());
      }
      List<RunWatch.Seen> runs = watch.runs();
      return new ScheduledTaskResult(
          plans.size(),
          options.timeScale(),
          hours,
          from + " .. " + to,
          ScheduledTaskFigures.groupSizes(plans),
          ScheduledTaskFigures.callsPerBatchHour(calls, plans, NAMESPACE, hours),
          ScheduledTaskFigures.passesPerBatchHour(op.passes().counts(), plans, NAMESPACE, hours),
          ScheduledTaskFigures.otherCallsPerHour(calls, plans, NAMESPACE, hours),
          ScheduledTaskFigures.buckets(
              calls, CompressedOperator.epochNanos(from), CompressedOperator.epochNanos(to)),
          ScheduledTaskFigures.operatorStart(runs, plans, from, counted),
          ScheduledTaskFigures.operatorSlots(
              runs, watch.withoutTask(), log.started(), plans, from, counted),
          ScheduledTaskFigures.discovery(invoked, runs),
          ScheduledTaskFigures.counted(runs, watch.counted(), plans),
          ScheduledTaskFigures.Spread.of(op.passes().lateness()),
          (long) after.since(before, "slipway.aws.calls|outcome=throttled"),
          baseline,
          settled,
          end);
    }
  }

  private void awaitReleases(CompressedOperator op) {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (true) {
      List<ServiceRelease> items =
          op.client().resources(ServiceRelease.class).inNamespace(NAMESPACE).list().getItems();
      if (items.stream()
          .allMatch(sr -> sr.getStatus() != null && sr.getStatus().phase == Phase.Ready)) return;
      if (System.nanoTime() > deadline)
        throw new BenchTimeoutException("releases not Ready after " + options.timeout());
      BenchFleet.sleep(Duration.ofMillis(200));
    }
  }

  /** Sleeps while {@code d} passes on the simulated clock. */
  private void sleepSimulated(CompressedOperator op, Duration d) {
    BenchFleet.sleep(Duration.ofNanos((long) (d.toNanos() / options.timeScale())));
  }
}
