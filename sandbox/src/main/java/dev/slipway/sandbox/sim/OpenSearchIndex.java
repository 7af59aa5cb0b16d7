package dev.slipway.sandbox.sim;

import java.time.Instant;

/**
 * One index on a simulated domain. Documents are not modelled, only their count. A restored index
 * carries the instants its primaries and replicas come back; health is read off the clock, so it
 * needs no background stepping. A null instant means "never" (a fault, or too few nodes).
 */
final class OpenSearchIndex {
  /** Production's indices keep OpenSearch's defaults since 1.0: one primary, one replica. */
  static final int SHARDS = 1;

  static final int REPLICAS = 1;

  final String name;
  final String uuid;
  final long docs;
  final Instant created;
  final Instant primariesAt;
  final Instant replicasAt;

  /** "repository:snapshot" for a restored index, null for one seeded as already there. */
  final String restoredFrom;

  OpenSearchIndex(
      String name,
      String uuid,
      long docs,
      Instant created,
      Instant primariesAt,
      Instant replicasAt,
      String restoredFrom) {
    this.name = name;
    this.uuid = uuid;
    this.docs = docs;
    this.created = created;
    this.primariesAt = primariesAt;
    this.replicasAt = replicasAt;
    this.restoredFrom = restoredFrom;
  }

  /** An index that was already there and fully allocated. */
  static OpenSearchIndex existing(String name, String uuid, long docs, Instant now) {
    return new OpenSearchIndex(name, uuid, docs, now, now, now, null);
  }

  boolean primariesActive(Instant now) {
    return primariesAt != null && !now.isBefore(primariesAt);
  }

  /** Replicas never allocate on the primary's own node, so a one-node domain stays yellow. */
  boolean replicasActive(Instant now, int dataNodes) {
    return primariesActive(now)
        && dataNodes > REPLICAS
        && replicasAt != null
        && !now.isBefore(replicasAt);
  }

  String health(Instant now, int dataNodes) {
    if (!primariesActive(now)) return "red";
    return replicasActive(now, dataNodes) ? "green" : "yellow";
  }

  /** Shard counts as cluster health reports them. */
  ShardCounts shards(Instant now, int dataNodes) {
    int replicaCopies = SHARDS * REPLICAS;
    if (!primariesActive(now)) {
      // A primary being restored is initializing; one whose restore failed stays unassigned.
      int initializing = primariesAt != null ? SHARDS : 0;
      return new ShardCounts(0, 0, initializing, SHARDS - initializing + replicaCopies);
    }
    if (replicasActive(now, dataNodes)) {
      return new ShardCounts(SHARDS, SHARDS + replicaCopies, 0, 0);
    }
    int initializing = dataNodes > REPLICAS ? replicaCopies : 0;
    return new ShardCounts(SHARDS, SHARDS, initializing, replicaCopies - initializing);
  }

  /** Active primaries, all active shards, initializing and unassigned shard copies. */
  record ShardCounts(int activePrimaries, int active, int initializing, int unassigned) {
    ShardCounts plus(ShardCounts o) {
      return new ShardCounts(
          activePrimaries + o.activePrimaries,
          active + o.active,
          initializing + o.initializing,
          unassigned + o.unassigned);
    }
  }
}
