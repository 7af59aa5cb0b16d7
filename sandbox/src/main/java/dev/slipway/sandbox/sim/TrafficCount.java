package dev.slipway.sandbox.sim;

/**
 * Requests of one shape that a listener's terminal action handled: forwarded to a healthy target of
 * {@code targetGroupArn} running {@code taskDefinitionArn} ("manual" for targets not registered by
 * ECS), or answered by a fixed-response or redirect action (both ARNs null).
 */
public record TrafficCount(
    String listenerArn,
    String shape,
    String action,
    String targetGroupArn,
    String taskDefinitionArn,
    long requests) {}
