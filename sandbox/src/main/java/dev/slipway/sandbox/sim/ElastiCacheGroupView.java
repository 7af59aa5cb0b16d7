package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.Map;

/**
 * An immutable view of one simulated replication group for tests and the sandbox. {@code endpoint}
 * is "host:port" of the primary (or configuration) endpoint once the group has one, else null;
 * {@code restoredFrom} lists the S3 ARNs or the backup name it was seeded from.
 */
public record ElastiCacheGroupView(
    String account,
    String region,
    String id,
    String status,
    String endpoint,
    Map<String, String> tags,
    List<String> restoredFrom) {}
