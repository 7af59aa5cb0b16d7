package dev.slipway.release.progressive;

/**
 * The traffic pieces Slipway owns for a progressive release: the second target group, and the
 * production and test listener rules whose conditions are Slipway's and whose forward actions are
 * ECS's during a deployment (null when there is no test rule).
 */
public record TrafficArns(String alternateTargetGroup, String productionRule, String testRule) {}
