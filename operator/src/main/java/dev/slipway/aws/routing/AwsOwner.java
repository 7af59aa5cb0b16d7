package dev.slipway.aws.routing;

/**
 * Who owns an ELBv2 resource Slipway made: a readable owner key (a branch environment's service
 * {@code <namespace>/<environment>/<service>}, or whatever the owning object names itself) and the
 * owning object's uid, so a deleted and re-created object of the same name never mistakes the old
 * one's leftovers for its own.
 */
public record AwsOwner(String key, String uid) {}
