package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * One manual snapshot production took into an S3 bucket, as seeded. It shows as IN_PROGRESS until
 * its end time and is invisible before it started, so a test can seed tomorrow's snapshot today.
 */
record OpenSearchSnapshot(
    String name,
    String uuid,
    String state,
    SortedMap<String, Long> indices,
    Instant start,
    Instant end,
    OpenSearchRestoreFault fault) {

  static final Set<String> STATES = Set.of("SUCCESS", "PARTIAL", "FAILED", "IN_PROGRESS");

  /** Manual snapshots of a modest domain take minutes; the exact figure only shapes the JSON. */
  static final Duration TYPICAL_DURATION = Duration.ofMinutes(3);

  boolean visibleAt(Instant now) {
    return !start.isAfter(now);
  }

  String stateAt(Instant now) {
    return now.isBefore(end) ? "IN_PROGRESS" : state;
  }

  /** OpenSearch restores SUCCESS and PARTIAL snapshots only (SnapshotState.restorable()). */
  boolean restorableAt(Instant now) {
    String s = stateAt(now);
    return s.equals("SUCCESS") || s.equals("PARTIAL");
  }

  /**
   * The index whose shards failed to snapshot in a PARTIAL snapshot. Seeding does not say which, so
   * the model picks the first by name; documented on the seeding method.
   */
  String failedIndex(Instant now) {
    return stateAt(now).equals("PARTIAL") && !indices.isEmpty() ? indices.firstKey() : null;
  }

  /** The entry GET _snapshot/{repo}/_all lists, shaped like OpenSearch 2.x's SnapshotInfo. */
  Map<String, Object> json(Instant now, String version, int versionId) {
    String s = stateAt(now);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("snapshot", name);
    m.put("uuid", uuid);
    m.put("version_id", versionId);
    m.put("version", version);
    m.put("remote_store_index_shallow_copy", false);
    m.put("indices", List.copyOf(indices.keySet()));
    m.put("data_streams", List.of());
    m.put("include_global_state", true);
    m.put("state", s);
    m.put("start_time", start.toString());
    m.put("start_time_in_millis", start.toEpochMilli());
    // SnapshotInfo leaves the end fields out while a snapshot runs (its end time is still 0).
    if (!s.equals("IN_PROGRESS")) {
      m.put("end_time", end.toString());
      m.put("end_time_in_millis", end.toEpochMilli());
      m.put("duration_in_millis", Duration.between(start, end).toMillis());
    }
    String failed = failedIndex(now);
    int total = s.equals("IN_PROGRESS") ? 0 : indices.size();
    int failedShards = s.equals("FAILED") ? total : failed != null ? 1 : 0;
    m.put(
        "failures",
        failed == null
            ? List.of()
            : List.of(
                Map.of(
                    "index",
                    failed,
                    "index_uuid",
                    failed,
                    "shard_id",
                    0,
                    "reason",
                    "IndexShardSnapshotFailedException[simulated shard failure]",
                    "status",
                    "INTERNAL_SERVER_ERROR")));
    m.put(
        "shards",
        Map.of("total", total, "failed", failedShards, "successful", total - failedShards));
    return m;
  }
}
