package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.elasticache.model.Event;

/** ElastiCache state of one (account, Region): groups, backups, exports under way and events. */
final class ElastiCacheModel {
  final Map<String, ElastiCacheGroup> groups = new TreeMap<>();
  final Map<String, ElastiCacheSnapshot> snapshots = new TreeMap<>();
  final List<Export> exports = new ArrayList<>();
  final List<Event> events = new ArrayList<>();

  /** Groups restored from a backup that became available since listeners last heard. */
  final List<ElastiCacheGroupView> becameAvailable = new ArrayList<>();

  /** How many durations were drawn; part of each draw's seed so repeats differ yet replay. */
  long draws;

  /** An export to S3 in progress: its objects are already placed, visible from {@code doneAt}. */
  record Export(String snapshot, String bucket, String target, Instant doneAt, String failure) {}
}
