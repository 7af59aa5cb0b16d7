package dev.slipway.sandbox.sim;

import java.time.Instant;

/**
 * A ModifyRule that changed the actions of a production or test listener rule while ECS was
 * shifting traffic on it for a service deployment: ECS owns those actions until the deployment
 * ends, so anyone else writing them races it.
 */
public record ForeignActionWrite(
    String ruleArn, String serviceArn, String serviceDeploymentArn, Instant at) {}
