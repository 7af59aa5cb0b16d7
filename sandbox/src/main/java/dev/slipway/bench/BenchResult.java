package dev.slipway.bench;

import dev.slipway.aws.ThrottleBucket;
import java.util.Map;

/**
 * Everything one benchmark run measured, plus the figures derived from it (ratios and the AWS
 * bounds they are compared with), so the report and its test share one piece of arithmetic.
 *
 * @param fraction the share of AWS's buckets the client-side limiter allows itself
 */
public record BenchResult(
    int releases,
    double timeScale,
    int resyncs,
    double fraction,
    Phase create,
    Heap heap,
    Resync resync,
    Phase bump,
    Latencies latencies,
    Probe probe) {

  /**
   * One bulk phase (create N, or bump N): duration, writes AWS received (registrations, and
   * revisions it actually created) and throttling seen on both sides.
   */
  public record Phase(
      double seconds,
      long registrations,
      long revisions,
      long serviceWrites,
      Map<String, Long> awsThrottled,
      Map<String, Double> clientWaitSeconds,
      long clientRefused,
      long reconcileFailures) {

    public long awsThrottledTotal() {
      return awsThrottled.values().stream().mapToLong(Long::longValue).sum();
    }

    public double clientWaitTotal() {
      return clientWaitSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Average number of threads asleep in the client-side limiter over the phase. */
    public double meanThreadsWaiting() {
      return seconds <= 0 ? 0 : clientWaitTotal() / seconds;
    }
  }

  /** Used heap after System.gc(): before any release existed and once all N were Ready. */
  public record Heap(double baselineMb, double settledMb) {}

  /** The K direct resyncs: DescribeServices calls AWS received, releases woken, time per scan. */
  public record Resync(long describeCalls, long woken, double millisPerScan) {}

  /**
   * Per release in the bump phase, in seconds (p50 and p99): edit → first accepted
   * RegisterTaskDefinition, edit → first accepted UpdateService, and edit → seen Ready (polled once
   * a second).
   */
  public record Latencies(
      int samples,
      double registerP50,
      double registerP99,
      double updateP50,
      double updateP99,
      double readyP50,
      double readyP99) {}

  /**
   * One release bumped alone with full buckets: edit → Ready, and the part after its UpdateService
   * (ECS rollout on the simulated clock plus the operator's rollout polling).
   */
  public record Probe(double bumpSeconds, double afterUpdateSeconds) {}

  /** DescribeServices calls per service per resync; batching of 10 makes this ≈ 0.1. */
  public double describesPerServicePerResync() {
    return (double) resync.describeCalls() / ((long) releases * resyncs);
  }

  /** Each release gets one distinct content at create and one at bump. */
  public long distinctContents() {
    return 2L * releases;
  }

  /** RegisterTaskDefinition calls per distinct content; 1.0 means no duplicate revisions. */
  public double registrationsPerContent() {
    return (double) (create.registrations() + bump.registrations()) / distinctContents();
  }

  public double registrationBoundAws() {
    return Bounds.awsSeconds(releases, ThrottleBucket.ECS_TASK_DEFINITION_WRITE);
  }

  public double registrationBoundClient() {
    return Bounds.clientSeconds(releases, ThrottleBucket.ECS_TASK_DEFINITION_WRITE, fraction);
  }

  public double serviceWriteBoundAws() {
    return Bounds.awsSeconds(releases, ThrottleBucket.ECS_SERVICE_WRITE);
  }

  public double serviceWriteBoundClient() {
    return Bounds.clientSeconds(releases, ThrottleBucket.ECS_SERVICE_WRITE, fraction);
  }

  /**
   * The binding AWS bound of a phase: every release needs one registration and one service write.
   */
  public double phaseBoundAws() {
    return Math.max(registrationBoundAws(), serviceWriteBoundAws());
  }
}
