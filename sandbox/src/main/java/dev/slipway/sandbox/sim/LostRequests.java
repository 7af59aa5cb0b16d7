package dev.slipway.sandbox.sim;

import java.time.Instant;

/**
 * Requests of one shape that reached nothing known to serve them, by why: {@code empty} (no target
 * registered, or only draining ones: a 503), {@code initial} (only targets still registering),
 * {@code unhealthy}, {@code all-weights-zero}, {@code missing-target-group} or {@code no-listener}.
 */
public record LostRequests(
    String listenerArn,
    String shape,
    String targetGroupArn,
    String reason,
    long requests,
    Instant first,
    Instant last) {}
