package dev.slipway.sandbox.sim;

/**
 * One index on a simulated domain as a test sees it: its health now, its document count and, for a
 * restored index, the "repository:snapshot" it came from (null for one that was already there).
 */
public record OpenSearchIndexInfo(String name, String health, long docs, String restoredFrom) {}
