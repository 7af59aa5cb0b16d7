package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshSpec.ElastiCache;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsErrors;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElastiCachePort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticache.model.Event;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.Snapshot;

/**
 * The steps that re-create one staging ElastiCache replication group from production's latest
 * automated backup, in order. Production's side (its own role, in its own account) only reads and
 * exports; everything after the export is in staging's account. Each step describes before it acts:
 * the export is named after the run, so a retried export finds its own objects; only a group tagged
 * as this environment's is deleted; the new group takes the same id (same endpoint) and is tagged
 * with the run, so a retried create finds its own result. Staging is untouched until the export is
 * complete, so a source or bucket that does not work leaves yesterday's data in place.
 */
final class ElastiCacheSteps {
  private final ElastiCachePort elasticache;
  private final AccountGuard guard;
  private final ElastiCache spec;

  ElastiCacheSteps(ElastiCachePort elasticache, AccountGuard guard, ElastiCache spec) {
    this.elasticache = elasticache;
    this.guard = guard;
    this.spec = spec;
  }

  List<NamedStep> steps() {
    return List.of(
        step("checkSource", this::checkSource),
        step("exportBackup", this::exportBackup),
        step("awaitExport", this::awaitExport),
        step("deleteOldGroup", this::deleteOldGroup),
        step("awaitGroupGone", this::awaitGroupGone),
        step("createGroup", this::createGroup),
        step("awaitGroupAvailable", this::awaitGroupAvailable));
  }

  /**
   * A night's deletion: the source check (the morning can bring the group back) and the delete
   * steps, without the export, which the refresh before the wake makes with the newest backup.
   */
  List<NamedStep> deletions() {
    return List.of(
        step("checkSource", this::checkSource),
        step("deleteOldGroup", this::deleteOldGroup),
        step("awaitGroupGone", this::awaitGroupGone));
  }

  private NamedStep step(String name, Function<RefreshContext, StepResult> f) {
    return new NamedStep(spec.name, name, f);
  }

  private String id() {
    return spec.target.replicationGroupId;
  }

  /**
   * Production's side, in the environment's Region: the only place production's target exists,
   * wrapped at once in a view that can read and export and nothing else.
   */
  private ElastiCachePort.ProductionBackups production(RefreshContext c) {
    return elasticache.production(
        new AwsTarget(spec.source.accountId, c.target().region(), spec.source.roleArn));
  }

  /**
   * Picks the backup this run restores (once: a resumed run keeps it) and proves production's role
   * reaches production's account, before anything of staging is touched.
   */
  private StepResult checkSource(RefreshContext c) {
    RefreshStatus.Export e = export(c);
    if (e.backup != null) return StepResult.done("source backup " + e.backup);
    Optional<StepResult> wrong = wrongAccount(production(c));
    if (wrong.isPresent()) return wrong.get();
    Optional<Snapshot> latest = production(c).latestAutomatedBackup(spec.source.replicationGroupId);
    if (latest.isEmpty()) {
      return StepResult.failed(
          ErrorKind.FATAL,
          "SnapshotNotFoundFault",
          "replication group "
              + spec.source.replicationGroupId
              + " in account "
              + spec.source.accountId
              + " has no automated backup to export (is it there, with automatic backups on?);"
              + " staging was left as it is");
    }
    Snapshot s = latest.get();
    e.backup = s.snapshotName();
    e.backupTime = ElastiCachePort.createdAt(s).toString();
    e.engine = s.engine();
    e.engineVersion = s.engineVersion();
    e.shards =
        s.numNodeGroups() != null ? s.numNodeGroups() : Math.max(1, s.nodeSnapshots().size());
    e.bucket = spec.exportBucket;
    e.name = id() + "-" + c.run().runId;
    if (e.shards > 1 && spec.target.shards == null) {
      return StepResult.failed(
          ErrorKind.FATAL,
          "InvalidParameterCombination",
          spec.source.replicationGroupId
              + " has "
              + e.shards
              + " shards: a cluster-mode-disabled group cannot be seeded from its backup; set"
              + " target.shards. Staging was left as it is");
    }
    return StepResult.done(
        "latest backup " + e.backup + " taken " + e.backupTime + " (" + e.shards + " shards)");
  }

  private StepResult exportBackup(RefreshContext c) {
    RefreshStatus.Export e = export(c);
    if (exported(c, e)) return StepResult.done("already exported as " + e.name);
    Optional<StepResult> wrong = wrongAccount(production(c));
    if (wrong.isPresent()) return wrong.get();
    try {
      production(c).export(e.backup, e.name, e.bucket);
    } catch (AwsServiceException ex) {
      String code = AwsErrors.errorCode(ex);
      // The name carries this run's id: objects already there are this run's own export.
      if ("SnapshotAlreadyExistsFault".equals(code)) {
        return StepResult.done("export of " + e.backup + " as " + e.name + " is under way");
      }
      if ("InvalidParameterValue".equals(code)) {
        return StepResult.failed(
            ErrorKind.FATAL,
            "ExportRefused",
            "production refused to export "
                + e.backup
                + " to bucket "
                + e.bucket
                + ": "
                + ex.awsErrorDetails().errorMessage()
                + " The bucket must be in "
                + c.target().region()
                + ", owned by account "
                + spec.source.accountId
                + " and grant ElastiCache access; staging was left as it is");
      }
      throw ex;
    }
    return StepResult.done("exporting " + e.backup + " to s3://" + e.bucket + "/" + e.name + "-*");
  }

  private StepResult awaitExport(RefreshContext c) {
    RefreshStatus.Export e = export(c);
    if (exported(c, e)) return StepResult.done(e.objects.size() + " objects exported");
    Optional<Snapshot> backup = production(c).backup(e.backup);
    if (backup.isPresent() && "exporting".equals(backup.get().snapshotStatus())) {
      return StepResult.waiting(e.backup + " is exporting", c.pollAfter());
    }
    // The export may have ended between the listing and the look at the backup: list once more.
    if (exported(c, e)) return StepResult.done(e.objects.size() + " objects exported");
    String why =
        lastFailure(production(c).groupEvents(spec.source.replicationGroupId, started(c)), e.backup)
            .orElse("the backup is no longer exporting and the objects are not there");
    return StepResult.failed(
        ErrorKind.FATAL,
        "ExportFailed",
        "export of "
            + e.backup
            + " as "
            + e.name
            + " failed: "
            + why
            + "; staging was left as it is");
  }

  private StepResult deleteOldGroup(RefreshContext c) {
    Optional<ReplicationGroup> group = elasticache.describeGroup(c.target(), id());
    if (group.isEmpty()) return StepResult.done("no group " + id());
    ReplicationGroup old = group.get();
    if ("deleting".equals(old.status())) return StepResult.done(id() + " is being deleted");
    Map<String, String> tags = elasticache.tags(c.target(), old.arn());
    // A replayed pass (status lost after the create) finds this run's group: keep it.
    if (c.run().runId.equals(tags.get(RefreshContext.RUN_TAG))) {
      return StepResult.done(id() + " was created by this run");
    }
    if (!c.ownerUid().equals(tags.get(RefreshContext.OWNER_TAG))) {
      return StepResult.failed(
          ErrorKind.FATAL,
          "NotCreatedByRefresh",
          "replication group "
              + id()
              + " exists but was not created by this environment's refresh (no tag "
              + RefreshContext.OWNER_TAG
              + "="
              + c.ownerUid()
              + "); Slipway will not delete it. Delete it yourself or tag it to hand it over");
    }
    // ElastiCache deletes a group only when it is available, or when its create failed.
    if (!"available".equals(old.status()) && !"create-failed".equals(old.status())) {
      return StepResult.waiting(id() + " is " + old.status(), c.pollAfter());
    }
    elasticache.deleteGroup(c.target(), id());
    return StepResult.done("deleting " + id() + " (was " + old.status() + ")");
  }

  private StepResult awaitGroupGone(RefreshContext c) {
    Optional<ReplicationGroup> group = elasticache.describeGroup(c.target(), id());
    if (group.isEmpty()) return StepResult.done(id() + " is free");
    if (!"deleting".equals(group.get().status()) && createdByThisRun(c, group.get())) {
      return StepResult.done(id() + " was created by this run");
    }
    return StepResult.waiting(id() + " is " + group.get().status(), c.pollAfter());
  }

  private StepResult createGroup(RefreshContext c) {
    Optional<ReplicationGroup> existing = elasticache.describeGroup(c.target(), id());
    if (existing.isPresent()) {
      if (createdByThisRun(c, existing.get())) {
        return StepResult.done(id() + " was created by this run");
      }
      return StepResult.failed(
          ErrorKind.WAIT_AND_RETRY,
          "ReplicationGroupAlreadyExists",
          id() + " exists again (" + existing.get().status() + "); waiting for it to go");
    }
    RefreshStatus.Export e = export(c);
    elasticache.createGroup(c.target(), ElastiCacheRequests.create(spec, e, c.tags()));
    return StepResult.done("creating " + id() + " from " + e.objects.size() + " .rdb objects");
  }

  private StepResult awaitGroupAvailable(RefreshContext c) {
    Optional<ReplicationGroup> group = elasticache.describeGroup(c.target(), id());
    if (group.isEmpty()) {
      return StepResult.failed(
          ErrorKind.FATAL, "ReplicationGroupNotFoundFault", id() + " disappeared while created");
    }
    ReplicationGroup g = group.get();
    if ("available".equals(g.status())) return StepResult.done(id() + " is available");
    if ("create-failed".equals(g.status())) {
      String why =
          lastFailure(elasticache.groupEvents(c.target(), id(), started(c)), id())
              .orElse("ElastiCache gives no reason");
      // The failed group carries the owner tag: the next refresh deletes it.
      return StepResult.failed(
          ErrorKind.FATAL, "RestoreFailed", id() + " could not be seeded from the export: " + why);
    }
    return StepResult.waiting(id() + " is " + g.status(), c.pollAfter());
  }

  /** True when every shard's object is in the bucket; records their ARNs for the create. */
  private boolean exported(RefreshContext c, RefreshStatus.Export e) {
    List<String> keys = elasticache.listKeys(c.target(), e.bucket, e.name + "-");
    List<String> wanted = ElastiCacheRequests.exportKeys(e.name, e.shards);
    if (!keys.containsAll(wanted)) return false;
    e.objects = wanted.stream().map(k -> "arn:aws:s3:::" + e.bucket + "/" + k).toList();
    return true;
  }

  private boolean createdByThisRun(RefreshContext c, ReplicationGroup g) {
    return c.run().runId.equals(elasticache.tags(c.target(), g.arn()).get(RefreshContext.RUN_TAG));
  }

  /** The wrong-target guard for production's role: it must reach production's account. */
  private Optional<StepResult> wrongAccount(ElastiCachePort.ProductionBackups production) {
    AccountCheck check = production.verify(guard);
    if (check.matches()) return Optional.empty();
    return Optional.of(
        StepResult.failed(
            ErrorKind.FATAL,
            "WrongAccount",
            "source.roleArn reaches account "
                + check.actual()
                + ", not source.accountId "
                + spec.source.accountId
                + "; staging was left as it is"));
  }

  /** The newest event saying something about {@code about} failed: ElastiCache's reason. */
  private static Optional<String> lastFailure(List<Event> events, String about) {
    return events.stream()
        .map(Event::message)
        .filter(m -> m != null && m.contains(about) && m.toLowerCase().contains("fail"))
        .reduce((a, b) -> b);
  }

  private static Instant started(RefreshContext c) {
    return Instant.parse(c.run().startedAt);
  }

  private RefreshStatus.Export export(RefreshContext c) {
    for (RefreshStatus.Export e : c.run().exports) {
      if (spec.name.equals(e.datastore)) return e;
    }
    RefreshStatus.Export e = new RefreshStatus.Export();
    e.datastore = spec.name;
    c.run().exports.add(e);
    return e;
  }
}
