package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshSpec.Aurora;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.aws.RdsPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The steps that re-create one staging Aurora cluster from production, in order. Each describes
 * before it acts, so running it again after a crash or a retry does nothing twice: the source is
 * checked before anything is deleted (a source that cannot be read leaves the old cluster alone),
 * only a cluster and instances tagged as this environment's are deleted, and the new cluster takes
 * the same identifier so its endpoints keep working.
 */
final class AuroraSteps {
  /**
   * How long DescribeDBClusters may answer DBClusterNotFound for a cluster RDS accepted to create:
   * AWS's reads are eventually consistent. Past this, the cluster really went.
   */
  static final Duration NOT_VISIBLE_FOR_AT_MOST = Duration.ofMinutes(5);

  private final RdsPort rds;
  private final Aurora spec;

  AuroraSteps(RdsPort rds, Aurora spec) {
    this.rds = rds;
    this.spec = spec;
  }

  List<NamedStep> steps() {
    List<NamedStep> steps = new ArrayList<>(deletions());
    steps.add(step("restore", this::restore));
    steps.add(step("awaitCluster", this::awaitCluster));
    if (spec.upgrade != null && isClone()) steps.add(step("upgrade", this::upgrade));
    steps.add(step("createInstances", this::createInstances));
    steps.add(step("awaitInstances", this::awaitInstances));
    return steps;
  }

  /** The steps up to a free identifier: a refresh's first half, and a night's whole deletion. */
  List<NamedStep> deletions() {
    return List.of(
        step("checkSource", this::checkSource),
        step("deleteInstances", this::deleteInstances),
        step("deleteCluster", this::deleteCluster),
        step("awaitIdentifierFree", this::awaitIdentifierFree));
  }

  private NamedStep step(String name, java.util.function.Function<RefreshContext, StepResult> f) {
    return new NamedStep(spec.name, name, f);
  }

  private boolean isClone() {
    return spec.source.clusterArn != null;
  }

  private String id() {
    return spec.target.clusterIdentifier;
  }

  /** Production's side must be readable before anything of staging's is deleted. */
  private StepResult checkSource(RefreshContext c) {
    if (isClone()) {
      Optional<DBCluster> source = rds.describeCluster(c.target(), spec.source.clusterArn);
      if (source.isEmpty()) {
        // Nothing has been deleted yet: end the run and let staging wake on yesterday's data.
        return StepResult.failed(
            ErrorKind.FATAL,
            "DBClusterNotFoundFault",
            "source cluster "
                + spec.source.clusterArn
                + " is not visible from account "
                + c.target().accountId()
                + ": share it through AWS RAM; staging was left as it is");
      }
      return StepResult.done(
          "source " + source.get().dbClusterIdentifier() + " " + source.get().engineVersion());
    }
    return StepResult.done("source snapshot " + spec.source.snapshotArn);
  }

  private StepResult deleteInstances(RefreshContext c) {
    Optional<DBCluster> cluster = rds.describeCluster(c.target(), id());
    if (cluster.isEmpty()) return StepResult.done("no cluster " + id());
    if (createdByThisRun(c, cluster.get()))
      return StepResult.done(id() + " was created by this run");
    Optional<StepResult> foreign = refuseForeign(c, cluster.get().tagList(), "cluster " + id());
    if (foreign.isPresent()) return foreign.get();
    List<DBInstance> instances = rds.describeInstances(c.target(), id());
    int deleting = 0;
    for (DBInstance i : instances) {
      if ("deleting".equals(i.dbInstanceStatus())) {
        deleting++;
        continue;
      }
      Optional<StepResult> notOurs =
          refuseForeign(c, i.tagList(), "instance " + i.dbInstanceIdentifier());
      if (notOurs.isPresent()) return notOurs.get();
      rds.deleteInstance(c.target(), i.dbInstanceIdentifier());
      deleting++;
    }
    return deleting == 0
        ? StepResult.done("no instances left in " + id())
        : StepResult.waiting(deleting + " instances of " + id() + " deleting", c.pollAfter());
  }

  private StepResult deleteCluster(RefreshContext c) {
    Optional<DBCluster> cluster = rds.describeCluster(c.target(), id());
    if (cluster.isEmpty()) return StepResult.done("no cluster " + id());
    DBCluster old = cluster.get();
    if ("deleting".equals(old.status())) return StepResult.done(id() + " is being deleted");
    // A pass on a stale status replays the deletes after the restore: keep this run's cluster.
    if (createdByThisRun(c, old)) return StepResult.done(id() + " was created by this run");
    Optional<StepResult> foreign = refuseForeign(c, old.tagList(), "cluster " + id());
    if (foreign.isPresent()) return foreign.get();
    if (Boolean.TRUE.equals(old.deletionProtection())) {
      if (!"available".equals(old.status())) {
        return StepResult.waiting(id() + " is " + old.status(), c.pollAfter());
      }
      rds.modifyCluster(
          c.target(),
          ModifyDbClusterRequest.builder()
              .dbClusterIdentifier(id())
              .deletionProtection(false)
              .applyImmediately(true)
              .build());
      return StepResult.waiting("turned deletion protection of " + id() + " off", c.pollAfter());
    }
    rds.deleteCluster(c.target(), id());
    return StepResult.done("deleting " + id());
  }

  private StepResult awaitIdentifierFree(RefreshContext c) {
    Optional<DBCluster> cluster = rds.describeCluster(c.target(), id());
    if (cluster.isEmpty()) return StepResult.done(id() + " is free");
    if (createdByThisRun(c, cluster.get()))
      return StepResult.done(id() + " was created by this run");
    return StepResult.waiting(id() + " is " + cluster.get().status(), c.pollAfter());
  }

  private StepResult restore(RefreshContext c) {
    Optional<DBCluster> existing = rds.describeCluster(c.target(), id());
    if (existing.isPresent()) {
      if (createdByThisRun(c, existing.get())) {
        return StepResult.done(id() + " was created by this run");
      }
      // Someone (or an earlier run) re-created it in the meantime: delete again from the start.
      return StepResult.failed(
          ErrorKind.WAIT_AND_RETRY,
          "DBClusterAlreadyExistsFault",
          id() + " exists again (" + existing.get().status() + "); waiting for it to go");
    }
    List<Tag> tags =
        c.tags().entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    if (isClone()) {
      rds.restoreToPointInTime(
          c.target(),
          RestoreDbClusterToPointInTimeRequest.builder()
              .dbClusterIdentifier(id())
              .sourceDBClusterIdentifier(spec.source.clusterArn)
              .restoreType("copy-on-write")
              .useLatestRestorableTime(true)
              .dbSubnetGroupName(spec.target.subnetGroup)
              .vpcSecurityGroupIds(spec.target.securityGroupIds)
              .dbClusterParameterGroupName(spec.target.clusterParameterGroup)
              .kmsKeyId(spec.target.kmsKeyId)
              .deletionProtection(false)
              .tags(tags)
              .build());
      return StepResult.done("cloning " + spec.source.clusterArn + " into " + id());
    }
    String version = spec.upgrade == null ? null : spec.upgrade.engineVersion;
    rds.restoreFromSnapshot(
        c.target(),
        RestoreDbClusterFromSnapshotRequest.builder()
            .dbClusterIdentifier(id())
            .snapshotIdentifier(spec.source.snapshotArn)
            .engine(spec.engine)
            .engineVersion(version)
            .dbSubnetGroupName(spec.target.subnetGroup)
            .vpcSecurityGroupIds(spec.target.securityGroupIds)
            .dbClusterParameterGroupName(spec.target.clusterParameterGroup)
            .kmsKeyId(spec.target.kmsKeyId)
            .deletionProtection(false)
            .tags(tags)
            .build());
    if (version != null) rehearsal(c).toVersion = version;
    return StepResult.done(
        "restoring "
            + spec.source.snapshotArn
            + " into "
            + id()
            + (version == null ? "" : " on " + version));
  }

  private StepResult awaitCluster(RefreshContext c) {
    Optional<DBCluster> cluster = rds.describeCluster(c.target(), id());
    if (cluster.isEmpty()) {
      // Right after the restore, not found may only mean RDS's reads have not caught up yet;
      // bounded, so a cluster that really went (deleted by someone) still ends the run.
      Instant asked = restoredAt(c);
      if (asked != null && c.now().isBefore(asked.plus(NOT_VISIBLE_FOR_AT_MOST))) {
        return StepResult.waiting(id() + " is not visible yet", c.pollAfter());
      }
      return StepResult.failed(
          ErrorKind.FATAL,
          "DBClusterNotFoundFault",
          id()
              + " disappeared while being created"
              + (asked == null
                  ? ""
                  : " (not found " + seconds(asked.toString(), c.now()) + " s after the restore)"));
    }
    if (!"available".equals(cluster.get().status())) {
      return StepResult.waiting(id() + " is " + cluster.get().status(), c.pollAfter());
    }
    if (spec.upgrade != null && !isClone()) {
      RefreshStatus.Rehearsal r = rehearsal(c);
      r.result = "Succeeded";
      r.toVersion = spec.upgrade.engineVersion;
      r.durationSeconds = seconds(c.step().startedAt, c.now());
      r.message = "restored directly on " + cluster.get().engineVersion();
    }
    return StepResult.done(id() + " is available on " + cluster.get().engineVersion());
  }

  /**
   * A clone keeps its source's engine version, so the rehearsal is a major-version upgrade right
   * after it. Whether it failed is read from the cluster's version and RDS's events, and the policy
   * decides whether the refresh goes on with the old version.
   */
  private StepResult upgrade(RefreshContext c) {
    DBCluster cluster = rds.describeCluster(c.target(), id()).orElse(null);
    if (cluster == null) {
      return StepResult.failed(ErrorKind.FATAL, "DBClusterNotFoundFault", id() + " disappeared");
    }
    RefreshStatus.Rehearsal r = rehearsal(c);
    String wanted = spec.upgrade.engineVersion;
    if (wanted.equals(cluster.engineVersion()) && "available".equals(cluster.status())) {
      r.result = "Succeeded";
      r.durationSeconds = seconds(c.step().startedAt, c.now());
      return StepResult.done(id() + " upgraded to " + wanted);
    }
    if (!"available".equals(cluster.status())) {
      return StepResult.waiting(id() + " is " + cluster.status(), c.pollAfter());
    }
    if (r.fromVersion == null) {
      String from = cluster.engineVersion();
      rds.modifyCluster(
          c.target(),
          ModifyDbClusterRequest.builder()
              .dbClusterIdentifier(id())
              .engineVersion(wanted)
              .allowMajorVersionUpgrade(true)
              .dbInstanceParameterGroupName(spec.upgrade.instanceParameterGroup)
              .applyImmediately(true)
              .build());
      // Recorded only once RDS took the request: a look that finds fromVersion set and the cluster
      // available on the old version reads it as an upgrade that failed, and a call that failed
      // (5xx, throttling) asked for none; its retry must ask again.
      r.fromVersion = from;
      r.toVersion = wanted;
      return StepResult.waiting(
          "upgrading " + id() + " from " + from + " to " + wanted, Duration.ofSeconds(30));
    }
    // Asked once, available again, still on the old version: the upgrade failed.
    String why =
        rds.clusterEvents(c.target(), id(), Instant.parse(c.step().startedAt)).stream()
            .map(e -> e.message())
            .filter(m -> m != null && m.toLowerCase().contains("upgrade"))
            .reduce((a, b) -> b)
            .orElse("the cluster is available again on " + cluster.engineVersion());
    r.result = "Failed";
    r.durationSeconds = seconds(c.step().startedAt, c.now());
    r.message = why;
    if (spec.upgrade.onFailure
        == dev.slipway.api.v1alpha1.RefreshSpec.Upgrade.OnFailure.FailRefresh) {
      return StepResult.failed(ErrorKind.FATAL, "UpgradeRehearsalFailed", why);
    }
    return StepResult.done(
        "upgrade rehearsal failed (kept " + cluster.engineVersion() + "): " + why);
  }

  private StepResult createInstances(RefreshContext c) {
    List<DBInstance> instances = rds.describeInstances(c.target(), id());
    int wanted = 1 + (spec.target.readers == null ? 0 : spec.target.readers);
    int created = 0;
    for (int n = 1; n <= wanted; n++) {
      String name = id() + "-" + n;
      if (instances.stream().anyMatch(i -> name.equals(i.dbInstanceIdentifier()))) continue;
      rds.createInstance(
          c.target(),
          CreateDbInstanceRequest.builder()
              .dbInstanceIdentifier(name)
              .dbClusterIdentifier(id())
              .dbInstanceClass(spec.target.instanceClass)
              .engine(spec.engine)
              .tags(
                  c.tags().entrySet().stream()
                      .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                      .toList())
              .build());
      created++;
    }
    return StepResult.done(
        created == 0 ? "instances exist" : "creating " + created + " instances of " + id());
  }

  private StepResult awaitInstances(RefreshContext c) {
    List<DBInstance> instances = rds.describeInstances(c.target(), id());
    long available =
        instances.stream().filter(i -> "available".equals(i.dbInstanceStatus())).count();
    int wanted = 1 + (spec.target.readers == null ? 0 : spec.target.readers);
    return available >= wanted
        ? StepResult.done(id() + " has " + available + " available instances")
        : StepResult.waiting(available + " of " + wanted + " instances available", c.pollAfter());
  }

  /** When this datastore's restore step was done (null if it is not). */
  private Instant restoredAt(RefreshContext c) {
    return c.run().steps.stream()
        .filter(s -> spec.name.equals(s.datastore) && "restore".equals(s.step))
        .map(s -> s.finishedAt)
        .filter(at -> at != null)
        .map(Instant::parse)
        .findFirst()
        .orElse(null);
  }

  /** Deletes need proof: the owner tag with this environment's uid. */
  private static Optional<StepResult> refuseForeign(RefreshContext c, List<Tag> tags, String what) {
    if (c.ownerUid().equals(tag(tags, RefreshContext.OWNER_TAG))) return Optional.empty();
    return Optional.of(
        StepResult.failed(
            ErrorKind.FATAL,
            "NotCreatedByRefresh",
            what
                + " exists but was not created by this environment's refresh (no tag "
                + RefreshContext.OWNER_TAG
                + "="
                + c.ownerUid()
                + "); Slipway will not delete it. Delete it yourself or tag it to hand it over"));
  }

  /**
   * True when this run made the cluster (its run tag). A step can run again after its effect: the
   * run's status in a pass may be older than what an earlier pass did (the pass read a stale copy,
   * an earlier pass failed after the refresh moved on, the operator stopped before writing it). The
   * delete steps must then leave the run's own new cluster alone, or the run deletes what it just
   * restored and later finds it gone.
   */
  private static boolean createdByThisRun(RefreshContext c, DBCluster cluster) {
    return c.run().runId.equals(tag(cluster.tagList(), RefreshContext.RUN_TAG));
  }

  private static String tag(List<Tag> tags, String key) {
    if (tags == null) return null;
    return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
  }

  private RefreshStatus.Rehearsal rehearsal(RefreshContext c) {
    for (RefreshStatus.Rehearsal r : c.run().rehearsals) {
      if (spec.name.equals(r.datastore)) return r;
    }
    RefreshStatus.Rehearsal r = new RefreshStatus.Rehearsal();
    r.datastore = spec.name;
    c.run().rehearsals.add(r);
    return r;
  }

  private static Long seconds(String from, Instant to) {
    return from == null ? null : Duration.between(Instant.parse(from), to).toSeconds();
  }
}
