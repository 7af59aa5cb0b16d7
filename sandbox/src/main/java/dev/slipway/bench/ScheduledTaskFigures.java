package dev.slipway.bench;

import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import dev.slipway.aws.ThrottleBucket;
import dev.slipway.bench.BatchMix.Plan;
import dev.slipway.bench.RunWatch.Seen;
import dev.slipway.bench.SimCallLog.Call;
import dev.slipway.bench.SimCallLog.Started;
import dev.slipway.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scheduled-tasks benchmark's figures, worked out from what was recorded (calls, passes, runs
 * status showed): pure functions, so the arithmetic is unit-tested apart from any run.
 */
final class ScheduledTaskFigures {
  /** Every batch together, as a row of the per-group tables. */
  static final String ALL = "all batches";

  /** Percentiles of a set of durations in simulated seconds. */
  record Spread(int count, double p50, double p95, double p99, double max) {
    static Spread of(Collection<Double> values) {
      return new Spread(
          values.size(),
          Bounds.percentile(values, 50),
          Bounds.percentile(values, 95),
          Bounds.percentile(values, 99),
          values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }
  }

  /** One AWS bucket over the period: how busy it was against what AWS allows. */
  record BucketLoad(
      String bucket,
      long calls,
      double meanPerSecond,
      long peakPerSecond,
      int burst,
      double refillPerSecond,
      double lowestLevel) {
    double peakRatio() {
      return peakPerSecond / refillPerSecond;
    }

    double meanRatio() {
      return meanPerSecond / refillPerSecond;
    }
  }

  /** Engine Operator's slots in the period and how many tasks each got. */
  record Slots(int slots, int exactlyOne, int none, int noneRecorded, int moreThanOne) {
    int notOne() {
      return none + moreThanOne;
    }
  }

  /**
   * Per engine, the finished runs status counts (succeeded + failed) against the distinct runs it
   * ever showed finished: more counted than shown is a run counted twice.
   */
  record Counted(String engine, long counted, long distinct) {}

  /** EventBridge Scheduler's runs in the period and how status caught up with them. */
  record Discovery(int tasksStarted, int found, Spread delay) {}

  private ScheduledTaskFigures() {}

  static String key(String namespace, String batch) {
    return "ScheduledTask/" + namespace + "/" + batch;
  }

  /** Batches per group, and {@link #ALL}. */
  static Map<String, Integer> groupSizes(List<Plan> plans) {
    Map<String, Integer> sizes = new TreeMap<>();
    for (Plan p : plans) sizes.merge(p.group(), 1, Integer::sum);
    sizes.put(ALL, plans.size());
    return sizes;
  }

  /**
   * Calls per batch per hour, by group (and {@link #ALL}) and operation; calls not made by a
   * batch's pass (the releases', the scanner's) are left out.
   */
  static Map<String, Map<String, Double>> callsPerBatchHour(
      List<Call> calls, List<Plan> plans, String namespace, double hours) {
    Map<String, String> groupOf = groups(plans, namespace);
    Map<String, Map<String, Double>> out = new TreeMap<>();
    for (Call c : calls) {
      String group = c.resource() == null ? null : groupOf.get(c.resource());
      if (group == null) continue;
      out.computeIfAbsent(group, g -> new TreeMap<>()).merge(c.operation(), 1.0, Double::sum);
      out.computeIfAbsent(ALL, g -> new TreeMap<>()).merge(c.operation(), 1.0, Double::sum);
    }
    Map<String, Integer> sizes = groupSizes(plans);
    out.forEach((g, ops) -> ops.replaceAll((op, n) -> n / sizes.get(g) / hours));
    return out;
  }

  /** Reconcile passes per batch per hour, by group and {@link #ALL}. */
  static Map<String, Double> passesPerBatchHour(
      Map<String, Long> passes, List<Plan> plans, String namespace, double hours) {
    Map<String, String> groupOf = groups(plans, namespace);
    Map<String, Double> out = new TreeMap<>();
    passes.forEach(
        (key, n) -> {
          String group = groupOf.get(key);
          if (group == null) return;
          out.merge(group, (double) n, Double::sum);
          out.merge(ALL, (double) n, Double::sum);
        });
    Map<String, Integer> sizes = groupSizes(plans);
    out.replaceAll((g, n) -> n / sizes.get(g) / hours);
    return out;
  }

  /** Calls per hour by operation that no batch's pass made (releases, the account check). */
  static Map<String, Double> otherCallsPerHour(
      List<Call> calls, List<Plan> plans, String namespace, double hours) {
    Map<String, String> groupOf = groups(plans, namespace);
    Map<String, Double> out = new TreeMap<>();
    for (Call c : calls) {
      if (c.resource() != null && groupOf.containsKey(c.resource())) continue;
      out.merge(c.operation(), 1.0 / hours, Double::sum);
    }
    return out;
  }

  /** Every bucket the calls drew from, busiest (peak against refill) first. */
  static List<BucketLoad> buckets(List<Call> calls, long fromNanos, long toNanos) {
    Map<ThrottleBucket, List<Long>> taken = new LinkedHashMap<>();
    for (Call c : calls) {
      for (ThrottleBucket b : c.buckets()) {
        taken.computeIfAbsent(b, k -> new ArrayList<>()).add(c.simNanos());
      }
    }
    double seconds = (toNanos - fromNanos) / 1e9;
    List<BucketLoad> out = new ArrayList<>();
    taken.forEach(
        (b, nanos) ->
            out.add(
                new BucketLoad(
                    b.name(),
                    nanos.size(),
                    nanos.size() / seconds,
                    Bounds.peakInWindow(nanos, 1_000_000_000L),
                    b.burst(),
                    b.refillPerSecond(),
                    Bounds.lowestLevel(nanos, b.burst(), b.refillPerSecond()))));
    out.sort((x, y) -> Double.compare(y.peakRatio(), x.peakRatio()));
    return out;
  }

  /** Engine Operator: from each slot to its task's start (RunTask), in simulated seconds. */
  static Spread operatorStart(List<Seen> runs, List<Plan> plans, Instant from, Instant to) {
    Set<String> operator = names(plans, Engine.Operator);
    List<Double> late = new ArrayList<>();
    for (Seen s : runs) {
      if (!operator.contains(s.batch()) || !"Schedule".equals(s.trigger())) continue;
      Instant slot = Instant.parse(s.slot());
      if (slot.isBefore(from) || slot.isAfter(to) || s.startedAt() == null) continue;
      late.add(Duration.between(slot, s.startedAt()).toNanos() / 1e9);
    }
    return Spread.of(late);
  }

  /**
   * Engine Operator: every slot in ({@code from}, {@code to}] and the tasks it got: those status
   * showed for it, and any other task a RunTask started under the same startedBy (the slot's).
   */
  static Slots operatorSlots(
      List<Seen> runs,
      List<Seen> withoutTask,
      List<Started> started,
      List<Plan> plans,
      Instant from,
      Instant to) {
    Map<String, String> startedByOf = new HashMap<>();
    Map<String, Set<String>> tasksOf = new HashMap<>();
    for (Started s : started) {
      if (s.startedBy() == null) continue;
      for (String arn : s.taskArns()) {
        startedByOf.put(arn, s.startedBy());
        tasksOf.computeIfAbsent(s.startedBy(), k -> new HashSet<>()).add(arn);
      }
    }
    Map<String, Set<String>> bySlot = new HashMap<>();
    for (Seen s : runs) {
      if (!"Schedule".equals(s.trigger())) continue;
      Set<String> tasks = bySlot.computeIfAbsent(s.batch() + "@" + s.slot(), k -> new HashSet<>());
      tasks.add(s.taskArn());
      String by = startedByOf.get(s.taskArn());
      if (by != null) tasks.addAll(tasksOf.get(by));
    }
    Set<String> recorded = new HashSet<>();
    withoutTask.forEach(s -> recorded.add(s.batch() + "@" + s.slot()));
    int slots = 0, one = 0, none = 0, noneRecorded = 0, more = 0;
    for (Plan p : plans) {
      if (p.engine() != Engine.Operator) continue;
      ScheduleExpression schedule = ScheduleExpression.parse(p.schedule());
      for (Instant slot : schedule.slotsBetween(from, to, ZoneId.of(p.timeZone()))) {
        slots++;
        String key = p.name() + "@" + slot;
        int n = bySlot.getOrDefault(key, Set.of()).size();
        if (n == 1) one++;
        else if (n > 1) more++;
        else {
          none++;
          if (recorded.contains(key)) noneRecorded++;
        }
      }
    }
    return new Slots(slots, one, none, noneRecorded, more);
  }

  /**
   * Engine EventBridgeScheduler: of the tasks the scheduler started in the period ({@code
   * invokedTasks}), those status showed, and how long after the task's start it first showed it.
   */
  static Discovery discovery(List<String> invokedTasks, List<Seen> runs) {
    Map<String, Seen> byTask = new HashMap<>();
    runs.forEach(s -> byTask.put(s.taskArn(), s));
    List<Double> delays = new ArrayList<>();
    for (String arn : invokedTasks) {
      Seen s = byTask.get(arn);
      if (s == null || s.startedAt() == null) continue;
      delays.add(Math.max(0, Duration.between(s.startedAt(), s.firstSeen()).toNanos() / 1e9));
    }
    return new Discovery(invokedTasks.size(), delays.size(), Spread.of(delays));
  }

  /** {@link Counted} per engine, from the runs seen and each batch's last counters. */
  static List<Counted> counted(List<Seen> runs, Map<String, Long> counters, List<Plan> plans) {
    Set<String> finished = Set.of("Succeeded", "Failed", "TimedOut");
    List<Counted> out = new ArrayList<>();
    for (Engine engine : Engine.values()) {
      Set<String> names = names(plans, engine);
      long counted =
          counters.entrySet().stream()
              .filter(e -> names.contains(e.getKey()))
              .mapToLong(Map.Entry::getValue)
              .sum();
      long distinct =
          runs.stream()
              .filter(r -> names.contains(r.batch()) && finished.contains(r.result()))
              .count();
      out.add(new Counted(engine.name(), counted, distinct));
    }
    return out;
  }

  private static Map<String, String> groups(List<Plan> plans, String namespace) {
    Map<String, String> m = new HashMap<>();
    plans.forEach(p -> m.put(key(namespace, p.name()), p.group()));
    return m;
  }

  private static Set<String> names(List<Plan> plans, Engine engine) {
    Set<String> s = new HashSet<>();
    plans.stream().filter(p -> p.engine() == engine).forEach(p -> s.add(p.name()));
    return s;
  }
}
