package dev.slipway.aws.routing;

/** One resource that holds a slot: its ARN and the slot's number (a port or a rule priority). */
public record Slot(String arn, int number) {}
