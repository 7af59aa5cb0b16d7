package dev.slipway.sandbox.sim;

import java.time.Instant;

/** A read-only view of one simulated S3 object, for tests and the sandbox. */
public record S3ObjectView(String bucket, String key, long size, Instant lastModified) {}
