package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every account's and Region's ElastiCache shares: the S3 namespace it exports to and restores
 * from, its timings, the seed its durations derive from, fault rules for its internal steps, and
 * the listeners told when a restored group becomes available.
 */
final class ElastiCacheContext {
  /** Fault-rule operation of the internal step that reads SnapshotArns objects during a create. */
  static final String RESTORE_STEP = "RestoreFromS3";

  /** Fault-rule operation of the internal step that writes an export's objects. */
  static final String EXPORT_STEP = "ExportToS3";

  final S3Model s3;
  final ElastiCacheTimings timings;
  private final long seed;
  private final Faults faults;
  private final List<Consumer<ElastiCacheGroupView>> listeners = new CopyOnWriteArrayList<>();

  ElastiCacheContext(S3Model s3, ElastiCacheTimings timings, long seed, Faults faults) {
    this.s3 = s3;
    this.timings = Objects.requireNonNull(timings);
    this.seed = seed;
    this.faults = faults;
  }

  void onAvailable(Consumer<ElastiCacheGroupView> listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /**
   * A generator for one duration, seeded from the simulator's seed, the account, Region, resource
   * and how many draws this Region made before: the same calls in the same order replay exactly.
   */
  Random random(RegionState rs, String kind, String id) {
    long n = rs.elasticache.draws++;
    return new Random(seed * 31 + Objects.hash(rs.account, rs.region, kind, id, n));
  }

  Duration exportDuration(RegionState rs, String id) {
    return timings.export(random(rs, "export", id));
  }

  Duration createDuration(RegionState rs, String id) {
    return timings.create(random(rs, "create", id));
  }

  Duration deleteDuration(RegionState rs, String id) {
    return timings.delete(random(rs, "delete", id));
  }

  /** Whether an injected fault fails an internal step (rules as for API calls, "*" included). */
  boolean stepFails(String step) {
    return faults.decide(AwsErrors.ELASTICACHE, step).error() != null;
  }

  /** Runs {@code body} on an up-to-date Region under its lock, then tells listeners. */
  <T> T locked(RegionState rs, Function<RegionState, T> body) {
    T result;
    synchronized (rs) {
      rs.advance();
      ElastiCacheLifecycle.advance(rs, this);
      result = body.apply(rs);
    }
    fire(rs);
    return result;
  }

  /**
   * Tells listeners about groups that became available, outside the Region's lock so a listener may
   * call the simulator (or load data into a real Redis) without deadlocking it.
   */
  void fire(RegionState rs) {
    List<ElastiCacheGroupView> ready;
    synchronized (rs) {
      if (rs.elasticache.becameAvailable.isEmpty()) return;
      ready = List.copyOf(rs.elasticache.becameAvailable);
      rs.elasticache.becameAvailable.clear();
    }
    for (ElastiCacheGroupView view : ready) {
      listeners.forEach(l -> l.accept(view));
    }
  }
}
