package dev.slipway.bench;

import dev.slipway.bench.ScheduledTaskFigures.BucketLoad;
import dev.slipway.bench.ScheduledTaskFigures.Discovery;
import dev.slipway.bench.ScheduledTaskFigures.Slots;
import dev.slipway.bench.ScheduledTaskFigures.Spread;
import java.util.List;
import java.util.Map;

/**
 * The figures of one scheduled-tasks benchmark run; durations and rates are on the simulated clock.
 *
 * @param groupSizes batches per group ("EventBridgeScheduler rate(1 minute)", ...) and in all
 * @param callsPerBatchHour by group, by operation
 * @param otherCallsPerHour calls no batch's pass made (the releases'), by operation
 * @param passLateness how late timer passes ran: the machine keeping up with the time scale
 * @param limiterRefused calls Slipway's client-side limiter refused (AWS would have throttled)
 */
public record ScheduledTaskResult(
    int batches,
    double timeScale,
    double hours,
    String window,
    Map<String, Integer> groupSizes,
    Map<String, Map<String, Double>> callsPerBatchHour,
    Map<String, Double> passesPerBatchHour,
    Map<String, Double> otherCallsPerHour,
    List<BucketLoad> buckets,
    Spread operatorStart,
    Slots operatorSlots,
    Discovery eventBridge,
    List<ScheduledTaskFigures.Counted> counted,
    Spread passLateness,
    long limiterRefused,
    double heapBaselineMb,
    double heapSettledMb,
    double heapEndMb) {}
