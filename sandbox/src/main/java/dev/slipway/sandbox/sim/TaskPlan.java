package dev.slipway.sandbox.sim;

import java.time.Instant;

/**
 * When a task will move through its lifecycle, decided at launch from its manifest. Null instants
 * mean "never": {@code runningAt} is null for tasks that fail to start, {@code healthyAt} for tasks
 * that never pass health checks, {@code exitAt} for tasks that run until stopped.
 */
record TaskPlan(
    Instant pendingAt,
    Instant runningAt,
    Instant healthyAt,
    Instant exitAt,
    int exitCode,
    Instant failAt,
    String failReason) {}
