package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * Brings one Region's ElastiCache up to the clock, lazily: creates finish (or fail their restore),
 * deletes complete, exports end, and available groups take their daily automated backup. Every
 * change is stamped with the instant it happened, however late the model notices it.
 */
final class ElastiCacheLifecycle {
  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC);

  private ElastiCacheLifecycle() {}

  static void advance(RegionState rs, ElastiCacheContext ctx) {
    Instant now = rs.now();
    for (ElastiCacheGroup g : List.copyOf(rs.elasticache.groups.values())) {
      if (g.status.equals(ElastiCacheGroup.CREATING) && !g.transitionAt.isAfter(now)) {
        finishCreate(rs, ctx, g);
      }
      if (g.status.equals(ElastiCacheGroup.DELETING) && !g.transitionAt.isAfter(now)) {
        finishDelete(rs, g);
      }
      if (g.status.equals(ElastiCacheGroup.AVAILABLE)) backups(rs, g, now);
    }
    finishExports(rs, now);
  }

  private static void finishCreate(RegionState rs, ElastiCacheContext ctx, ElastiCacheGroup g) {
    Instant at = g.transitionAt;
    String problem = g.restoredFromS3 ? restoreProblem(ctx, g, at) : null;
    if (problem != null) {
      g.status = ElastiCacheGroup.CREATE_FAILED;
      ElastiCacheEvents.clusters(rs, at, g, "Restore from snapshot failed. " + problem);
      ElastiCacheEvents.group(
          rs, at, g.id, "Failed to create replication group " + g.id + ". " + problem);
      return;
    }
    g.status = ElastiCacheGroup.AVAILABLE;
    g.lastBackupAt = at;
    ElastiCacheEvents.clusters(rs, at, g, "Cache cluster created");
    ElastiCacheEvents.group(rs, at, g.id, "Replication group " + g.id + " created");
    if (!g.restoredFrom.isEmpty()) rs.elasticache.becameAvailable.add(g.view(rs));
  }

  /**
   * Why ElastiCache could not load the SnapshotArns objects, or null if it could. It reads with its
   * own grant: objects it exported itself, or objects in a bucket that granted it read.
   */
  private static String restoreProblem(ElastiCacheContext ctx, ElastiCacheGroup g, Instant at) {
    for (String arn : g.restoredFrom) {
      ElastiCacheNames.S3Location loc = ElastiCacheNames.parseS3Arn(arn);
      S3Model.Bucket bucket = ctx.s3.bucket(loc.bucket());
      S3Model.StoredObject o = ctx.s3.object(loc.bucket(), loc.key(), at);
      if (bucket == null || o == null) {
        return "Unable to fetch the RDB file "
            + arn
            + " from Amazon S3: the object does not exist.";
      }
      if (!o.writtenByElastiCache() && !bucket.access.elastiCacheMayRead()) {
        return "Unable to fetch the RDB file "
            + arn
            + " from Amazon S3: access denied. Grant ElastiCache read access to the object.";
      }
      if (!o.isRdb()) return "The file " + arn + " is not a valid RDB file.";
    }
    if (ctx.stepFails(ElastiCacheContext.RESTORE_STEP)) {
      return "An internal error occurred while restoring from the RDB file.";
    }
    return null;
  }

  private static void finishDelete(RegionState rs, ElastiCacheGroup g) {
    Instant at = g.transitionAt;
    rs.elasticache.groups.remove(g.id);
    ElastiCacheEvents.clusters(rs, at, g, "Cache cluster deleted");
    ElastiCacheEvents.group(rs, at, g.id, "Replication group " + g.id + " deleted");
    ElastiCacheSnapshot last =
        g.finalSnapshot == null ? null : rs.elasticache.snapshots.get(g.finalSnapshot);
    if (last != null) last.status = "available";
  }

  /** One automated backup a day at the start of the group's window, keeping retentionLimit. */
  private static void backups(RegionState rs, ElastiCacheGroup g, Instant now) {
    if (g.retentionLimit <= 0) return;
    LocalTime start = LocalTime.parse(g.snapshotWindow.substring(0, 5));
    Instant floor = now.minus(Duration.ofDays(g.retentionLimit + 1L));
    Instant from = g.lastBackupAt.isBefore(floor) ? floor : g.lastBackupAt;
    Instant next =
        from.atZone(ZoneOffset.UTC).toLocalDate().atTime(start).toInstant(ZoneOffset.UTC);
    while (!next.isAfter(from)) next = next.plus(Duration.ofDays(1));
    for (; !next.isAfter(now); next = next.plus(Duration.ofDays(1))) {
      String name = "automatic." + g.id + "-" + BACKUP_STAMP.format(next);
      rs.elasticache.snapshots.putIfAbsent(
          name, new ElastiCacheSnapshot(name, "automated", next, g));
      g.lastBackupAt = next;
      ElastiCacheEvents.clusters(
          rs,
          next,
          g,
          "Snapshot succeeded for snapshot with ID '"
              + name
              + "' of replication group with ID '"
              + g.id
              + "'");
    }
    List<ElastiCacheSnapshot> automated =
        rs.elasticache.snapshots.values().stream()
            .filter(s -> s.groupId.equals(g.id) && s.source.equals("automated"))
            .sorted(Comparator.comparing((ElastiCacheSnapshot s) -> s.createdAt).reversed())
            .toList();
    automated.stream().skip(g.retentionLimit).forEach(s -> rs.elasticache.snapshots.remove(s.name));
  }

  private static void finishExports(RegionState rs, Instant now) {
    var done = rs.elasticache.exports.stream().filter(e -> !e.doneAt().isAfter(now)).toList();
    rs.elasticache.exports.removeAll(done);
    for (ElastiCacheModel.Export e : done) {
      ElastiCacheSnapshot s = rs.elasticache.snapshots.get(e.snapshot());
      boolean stillExporting =
          rs.elasticache.exports.stream().anyMatch(x -> x.snapshot().equals(e.snapshot()));
      if (s != null && !stillExporting) s.status = "available";
      String group = s != null ? s.groupId : e.snapshot();
      ElastiCacheEvents.group(
          rs,
          e.doneAt(),
          group,
          e.failure() == null
              ? "Snapshot "
                  + e.snapshot()
                  + " exported to Amazon S3 bucket "
                  + e.bucket()
                  + " as "
                  + e.target()
              : "Failed to export snapshot "
                  + e.snapshot()
                  + " to Amazon S3 bucket "
                  + e.bucket()
                  + ". "
                  + e.failure());
    }
  }
}
