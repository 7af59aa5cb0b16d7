package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The S3 buckets production snapshots into and what each holds under each base path. It stands in
 * for S3 so the OpenSearch model needs no S3 simulator; bucket names are global, like S3's.
 */
final class OpenSearchSnapshotSources {
  private final Map<String, Map<String, List<OpenSearchSnapshot>>> buckets = new HashMap<>();

  /** Adds a snapshot, replacing one of the same name under the same path. */
  synchronized void add(String bucket, String basePath, OpenSearchSnapshot snapshot) {
    List<OpenSearchSnapshot> list =
        buckets
            .computeIfAbsent(bucket, b -> new HashMap<>())
            .computeIfAbsent(normalise(basePath), p -> new ArrayList<>());
    list.removeIf(s -> s.name().equals(snapshot.name()));
    list.add(snapshot);
    list.sort(Comparator.comparing(OpenSearchSnapshot::start));
  }

  synchronized boolean knows(String bucket) {
    return bucket != null && buckets.containsKey(bucket);
  }

  /** Every snapshot under the path, oldest first, whether or not it is visible yet. */
  synchronized List<OpenSearchSnapshot> list(String bucket, String basePath) {
    return List.copyOf(
        buckets.getOrDefault(bucket, Map.of()).getOrDefault(normalise(basePath), List.of()));
  }

  /** "a/b/", "/a/b" and "a/b" name the same S3 prefix. */
  static String normalise(String basePath) {
    if (basePath == null) return "";
    String p = basePath.trim();
    while (p.startsWith("/")) p = p.substring(1);
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p;
  }
}
