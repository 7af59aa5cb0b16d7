package dev.slipway.sandbox.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.elasticache.model.CopySnapshotRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.elasticache.model.Snapshot;

/**
 * Backups: DescribeSnapshots, and CopySnapshot both as a copy inside ElastiCache and as an export
 * to S3. An export checks the bucket as the ElastiCache docs list (exists, same Region, owned by
 * the caller, ElastiCache granted), then shows the source backup as "exporting" until one object
 * per shard, named TargetSnapshotName-0001.rdb, -0002.rdb..., appears in the bucket.
 */
final class ElastiCacheSnapshotOps {
  static final String EXPORTING = "exporting";
  private final RegionState rs;
  private final ElastiCacheContext ctx;

  ElastiCacheSnapshotOps(RegionState rs, ElastiCacheContext ctx) {
    this.rs = rs;
    this.ctx = ctx;
  }

  DescribeSnapshotsResponse describe(DescribeSnapshotsRequest r) {
    String source = r.snapshotSource();
    if (source != null && !source.equals("automated") && !source.equals("manual")) {
      throw ElastiCacheErrors.invalidValue("SnapshotSource must be automated or manual.");
    }
    if (r.snapshotName() != null && !rs.elasticache.snapshots.containsKey(r.snapshotName())) {
      throw ElastiCacheErrors.snapshotNotFound(r.snapshotName());
    }
    List<ElastiCacheSnapshot> all =
        rs.elasticache.snapshots.values().stream()
            .filter(s -> r.snapshotName() == null || s.name.equals(r.snapshotName()))
            .filter(s -> r.replicationGroupId() == null || s.groupId.equals(r.replicationGroupId()))
            .filter(s -> source == null || s.source.equals(source))
            .sorted(Comparator.comparing((ElastiCacheSnapshot s) -> s.createdAt))
            .toList();
    var page = ElastiCacheSimulator.page(all, r.marker(), r.maxRecords(), 50);
    return DescribeSnapshotsResponse.builder()
        .snapshots(page.items().stream().map(s -> s.toSdk(rs)).toList())
        .marker(page.nextToken())
        .build();
  }

  Snapshot copy(CopySnapshotRequest r) {
    ElastiCacheSnapshot source = rs.elasticache.snapshots.get(r.sourceSnapshotName());
    if (source == null) throw ElastiCacheErrors.snapshotNotFound(r.sourceSnapshotName());
    if (r.targetSnapshotName() == null || r.targetSnapshotName().isEmpty()) {
      throw ElastiCacheErrors.invalidValue("The parameter TargetSnapshotName must be provided.");
    }
    if (!source.status.equals("available") && !source.status.equals(EXPORTING)) {
      throw ElastiCacheErrors.invalidSnapshotState(
          "Snapshot " + source.name + " is not in the available state.");
    }
    if (r.targetBucket() == null || r.targetBucket().isEmpty()) return copyInside(source, r);
    return export(source, r);
  }

  /** A manual copy within ElastiCache: the name must be unique among this Region's backups. */
  private Snapshot copyInside(ElastiCacheSnapshot source, CopySnapshotRequest r) {
    String name = r.targetSnapshotName();
    if (rs.elasticache.snapshots.containsKey(name)) {
      throw ElastiCacheErrors.snapshotExists(
          "Snapshot with specified name [" + name + "] already exists.");
    }
    ElastiCacheSnapshot copy = source.copy(name, rs.now());
    if (r.hasTags()) ElastiCacheTagOps.put(copy.tags, r.tags());
    rs.elasticache.snapshots.put(name, copy);
    return copy.toSdk(rs);
  }

  /**
   * An export. The uniqueness that matters is the bucket's (TargetSnapshotName may repeat a
   * backup's name); the S3 checks are synchronous errors, InvalidParameterValue with the messages
   * the CopySnapshot reference lists.
   */
  private Snapshot export(ElastiCacheSnapshot source, CopySnapshotRequest r) {
    String bucketName = r.targetBucket();
    S3Model.Bucket bucket = ctx.s3.bucket(bucketName);
    if (bucket == null) {
      throw ElastiCacheErrors.invalidValue("The S3 bucket " + bucketName + " does not exist.");
    }
    if (!bucket.region.equals(rs.region)) {
      throw ElastiCacheErrors.invalidValue(
          "The S3 bucket " + bucketName + " is outside of the region.");
    }
    if (!bucket.owner.equals(rs.account)) {
      throw ElastiCacheErrors.invalidValue(
          "The S3 bucket " + bucketName + " is not owned by the authenticated user.");
    }
    if (!bucket.access.elastiCacheMayWrite()) {
      throw ElastiCacheErrors.invalidValue(
          "ElastiCache has not been granted WRITE permissions "
              + bucketName
              + " on the S3 Bucket.");
    }
    List<String> keys = keys(r.targetSnapshotName(), source.shards);
    for (String key : keys) {
      // An export still under way counts: its objects are placed, just not visible yet.
      if (ctx.s3.object(bucketName, key, Instant.MAX) != null) {
        throw ElastiCacheErrors.snapshotExists(
            "The S3 bucket " + bucketName + " already contains an object with key " + key + ".");
      }
    }
    Instant done = rs.now().plus(ctx.exportDuration(rs, source.name));
    String failure =
        ctx.stepFails(ElastiCacheContext.EXPORT_STEP) ? "An internal error occurred." : null;
    if (failure == null) {
      for (int shard = 1; shard <= keys.size(); shard++) {
        ctx.s3.put(bucketName, keys.get(shard - 1), rdb(source, shard), done, true);
      }
    }
    rs.elasticache.exports.add(
        new ElastiCacheModel.Export(
            source.name, bucketName, r.targetSnapshotName(), done, failure));
    source.status = EXPORTING;
    return source.toSdk(rs).toBuilder().snapshotName(r.targetSnapshotName()).build();
  }

  /** ElastiCache appends the shard's node group id and .rdb to the target name. */
  static List<String> keys(String target, int shards) {
    return IntStream.rangeClosed(1, shards)
        .mapToObj(s -> target + "-" + ElastiCacheGroup.shardId(s) + ".rdb")
        .toList();
  }

  /** A small body that starts like a real RDB file and says where it came from. */
  private static byte[] rdb(ElastiCacheSnapshot source, int shard) {
    String body =
        S3Model.RDB_MAGIC
            + "0011 simulated backup "
            + source.name
            + " of "
            + source.groupId
            + " shard "
            + ElastiCacheGroup.shardId(shard)
            + " engine "
            + source.engine
            + " "
            + source.engineVersion
            + "\n";
    return body.getBytes(StandardCharsets.US_ASCII);
  }
}
