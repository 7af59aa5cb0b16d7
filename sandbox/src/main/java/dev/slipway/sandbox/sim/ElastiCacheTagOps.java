package dev.slipway.sandbox.sim;

import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.services.elasticache.model.Tag;

/** ElastiCache tagging by ARN, for replication groups and backups of this account and Region. */
final class ElastiCacheTagOps {
  static final int MAX_TAGS = 50;
  private final RegionState rs;

  ElastiCacheTagOps(RegionState rs) {
    this.rs = rs;
  }

  List<Tag> list(String arn) {
    return List.copyOf(tags(arn));
  }

  List<Tag> add(String arn, Collection<Tag> added) {
    List<Tag> tags = tags(arn);
    put(tags, added);
    return List.copyOf(tags);
  }

  List<Tag> remove(String arn, Collection<String> keys) {
    List<Tag> tags = tags(arn);
    for (String key : keys) {
      if (tags.stream().noneMatch(t -> t.key().equals(key)))
        throw ElastiCacheErrors.tagNotFound(key);
    }
    TagLists.remove(tags, keys, Tag::key);
    return List.copyOf(tags);
  }

  /** Adds or replaces tags by key, refusing to go past AWS's 50 tags per resource. */
  static void put(List<Tag> tags, Collection<Tag> added) {
    long fresh =
        added.stream()
            .map(Tag::key)
            .distinct()
            .filter(k -> tags.stream().noneMatch(t -> t.key().equals(k)))
            .count();
    if (tags.size() + fresh > MAX_TAGS) throw ElastiCacheErrors.tagQuota();
    TagLists.put(tags, added, Tag::key);
  }

  /** The live tag list of the resource an ARN names, or the error ElastiCache gives. */
  private List<Tag> tags(String arn) {
    ElastiCacheNames.ResourceArn parsed = ElastiCacheNames.parseArn(arn);
    if (parsed == null) throw ElastiCacheErrors.invalidArn(arn);
    boolean here = parsed.account().equals(rs.account) && parsed.region().equals(rs.region);
    if (parsed.type().equals("replicationgroup")) {
      ElastiCacheGroup g = here ? rs.elasticache.groups.get(parsed.name()) : null;
      if (g == null) throw ElastiCacheErrors.groupNotFound(parsed.name());
      return g.tags;
    }
    ElastiCacheSnapshot s = here ? rs.elasticache.snapshots.get(parsed.name()) : null;
    if (s == null) throw ElastiCacheErrors.snapshotNotFound(parsed.name());
    return s.tags;
  }
}
