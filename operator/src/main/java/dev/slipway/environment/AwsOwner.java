package dev.slipway.environment;

/**
 * Who owns an AWS resource of a branch environment: the owner key {@code
 * <namespace>/<environment>/<service>} (readable, and the same for every service's resources of one
 * environment but the suffix) and the environment's uid, so a deleted and re-created environment of
 * the same name never mistakes the old one's leftovers for its own.
 */
public record AwsOwner(String key, String uid) {}
