package dev.slipway.bench;

import java.util.List;

/**
 * Everything one staging benchmark run measured: the fleet created, slept and woken, and the
 * environment refreshed (datastores described for the report).
 *
 * @param createSeconds wall clock until all N releases were first Ready
 * @param sleep null (as is wake) when the run had no releases
 * @param fraction the share of AWS's buckets the client-side limiter allows itself
 */
public record StagingResult(
    int services,
    int autoscaled,
    double timeScale,
    double fraction,
    double createSeconds,
    Transition sleep,
    Transition wake,
    List<String> datastores,
    List<RefreshRun> refreshes) {}
