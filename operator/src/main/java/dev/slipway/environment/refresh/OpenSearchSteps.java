package dev.slipway.environment.refresh;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.RefreshStatus;
import dev.slipway.aws.OpenSearchDomainPort;
import dev.slipway.aws.OpenSearchDomainPort.Domain;
import dev.slipway.aws.OpenSearchHttpException;
import dev.slipway.aws.OpenSearchRestPort;
import dev.slipway.aws.OpenSearchRestPort.Health;
import dev.slipway.aws.OpenSearchRestPort.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The steps that replace the indices of one staging OpenSearch domain with those of production's
 * latest good snapshot, in order. The domain stays (so does its endpoint); only indices change.
 * Each step describes before it acts: the source is checked before anything is deleted (no good
 * snapshot leaves staging as it is), indices are deleted only on a domain tagged as handed over to
 * this environment and never a system index, and a restore asked twice finds its own restore.
 */
final class OpenSearchSteps {
  /** Tag that hands a staging domain's indices over to one environment's refresh. */
  static final String TARGET_TAG = "slipway.dev/refresh-target";

  /** What awaitGreen says when no shard is recovering, so its next look can tell it lasted. */
  private static final String STUCK = "no shard is recovering";

  private final OpenSearchDomainPort domains;
  private final OpenSearchRestPort rest;
  private final RefreshSpec.OpenSearch spec;
  private final IndexSelection selection;

  OpenSearchSteps(OpenSearchDomainPort domains, RefreshSpec.OpenSearch spec) {
    this.domains = domains;
    this.rest = domains.rest();
    this.spec = spec;
    this.selection = new IndexSelection(spec.indices);
  }

  List<NamedStep> steps() {
    return List.of(
        step("checkSource", this::checkSource),
        step("deleteIndices", this::deleteIndices),
        step("restore", this::restore),
        step("awaitGreen", this::awaitGreen));
  }

  private NamedStep step(String name, Function<RefreshContext, StepResult> body) {
    return new NamedStep(spec.name, name, body);
  }

  /** The domain as it is now, or why the step cannot go on. */
  private record Look(Domain domain, StepResult stop) {}

  /**
   * Production's side must be readable, and the staging domain ours, before anything is deleted:
   * the repository is registered (read-only, idempotent PUT) and the newest good snapshot picked.
   */
  private StepResult checkSource(RefreshContext c) {
    Look look = look(c, true);
    if (look.stop() != null) return look.stop();
    String endpoint = look.domain().endpoint();
    var r = spec.repository;
    rest.putReadOnlyS3Repository(
        c.target(), endpoint, r.name, r.bucket, r.basePath, c.target().region(), r.roleArn);
    List<Snapshot> all = rest.snapshots(c.target(), endpoint, r.name);
    Optional<Snapshot> picked = SnapshotChoice.latestGood(all, spec.snapshot);
    if (picked.isEmpty()) {
      // Nothing has been deleted yet: end the run and let staging wake on yesterday's data.
      return StepResult.failed(
          ErrorKind.FATAL,
          "NoSnapshot",
          "no SUCCESS snapshot"
              + (SnapshotChoice.prefix(spec.snapshot).isEmpty()
                  ? ""
                  : " named " + spec.snapshot + "*")
              + " among the "
              + all.size()
              + " in s3://"
              + r.bucket
              + "/"
              + (r.basePath == null ? "" : r.basePath)
              + "; staging was left as it is");
    }
    if (SnapshotChoice.newer(picked.get().openSearchVersion(), look.domain().version())) {
      // OpenSearch refuses it only at the restore, after the old indices are gone: refuse now.
      return StepResult.failed(
          ErrorKind.FATAL,
          "SnapshotTooNew",
          "snapshot "
              + picked.get().name()
              + " was taken by OpenSearch "
              + picked.get().openSearchVersion()
              + ", newer than "
              + spec.domain
              + "'s "
              + look.domain().version()
              + ": upgrade staging first; staging was left as it is");
    }
    List<String> indices = selection.select(picked.get().indices());
    if (indices.isEmpty()) {
      return StepResult.failed(
          ErrorKind.FATAL,
          "NoIndices",
          "snapshot " + picked.get().name() + " has no index matching " + selection.expression());
    }
    c.step().picked = picked.get().name();
    return StepResult.done(
        "snapshot "
            + picked.get().name()
            + " of "
            + Instant.ofEpochMilli(picked.get().endMillis())
            + ": "
            + names(indices));
  }

  /** Every staging index the selection names goes, so the restore meets no old one. */
  private StepResult deleteIndices(RefreshContext c) {
    Look look = look(c, true);
    if (look.stop() != null) return look.stop();
    String endpoint = look.domain().endpoint();
    List<String> old = selection.select(rest.indices(c.target(), endpoint));
    if (old.isEmpty()) return StepResult.done("no indices to delete on " + spec.domain);
    try {
      rest.deleteIndices(c.target(), endpoint, old);
    } catch (OpenSearchHttpException e) {
      if (!"index_not_found_exception".equals(e.type())) throw e;
      // One went between listing and deleting (a retried delete had gone through): list again.
      return StepResult.waiting("an index was gone already; listing again", Duration.ZERO);
    }
    return StepResult.done("deleted " + names(old));
  }

  /**
   * Restores without production's cluster state. An "already exists" answer is checked, not
   * assumed: the indices must be recovering from this very snapshot (a restore this run asked for
   * before a crash or a timed-out attempt), else something else made them and the run stops.
   */
  private StepResult restore(RefreshContext c) {
    Look look = look(c, false);
    if (look.stop() != null) return look.stop();
    String endpoint = look.domain().endpoint();
    String snapshot = picked(c);
    if (snapshot == null) return unpicked();
    String repo = spec.repository.name;
    Optional<Snapshot> s = rest.snapshot(c.target(), endpoint, repo, snapshot);
    if (s.isEmpty()) {
      return StepResult.failed(
          ErrorKind.FATAL,
          "SnapshotGone",
          "snapshot "
              + snapshot
              + " left the repository before it was restored; staging's old indices are"
              + " deleted already: run the refresh again");
    }
    List<String> indices = selection.select(s.get().indices());
    try {
      rest.restore(c.target(), endpoint, repo, snapshot, indices);
      return StepResult.done("restoring " + snapshot + ": " + names(indices));
    } catch (OpenSearchHttpException e) {
      boolean exists =
          "snapshot_restore_exception".equals(e.type())
              && e.reason() != null
              && e.reason().contains("already exists");
      if (!exists) throw e;
    }
    List<String> present = new ArrayList<>(rest.indices(c.target(), endpoint));
    present.retainAll(indices);
    if (present.isEmpty()) {
      return StepResult.waiting("the index in the way is gone; restoring again", Duration.ZERO);
    }
    Map<String, String> from = rest.restoredFrom(c.target(), endpoint, present);
    List<String> foreign =
        present.stream().filter(i -> !(repo + ":" + snapshot).equals(from.get(i))).toList();
    if (!foreign.isEmpty()) {
      return StepResult.failed(
          ErrorKind.FATAL,
          "IndexExists",
          names(foreign)
              + " appeared on "
              + spec.domain
              + " after the old indices were deleted and did not come from "
              + snapshot
              + " (is something writing to staging during the refresh?); run the refresh again");
    }
    return StepResult.done("the restore of " + snapshot + " was under way: " + names(present));
  }

  /**
   * Waits for the restored indices to be green (yellow on a one-node domain, where replicas have
   * nowhere to go), with growing polls however long red lasts while shards recover; red with no
   * shard recovering, seen on two looks a minute apart, is a restore that failed.
   */
  private StepResult awaitGreen(RefreshContext c) {
    Look look = look(c, false);
    if (look.stop() != null) return look.stop();
    Domain d = look.domain();
    String snapshot = picked(c);
    if (snapshot == null) return unpicked();
    List<String> restored = selection.select(rest.indices(c.target(), d.endpoint()));
    if (restored.isEmpty()) {
      return StepResult.failed(
          ErrorKind.FATAL, "IndicesGone", "the indices restored from " + snapshot + " are gone");
    }
    Health h = rest.health(c.target(), d.endpoint(), restored);
    boolean oneNode = d.dataNodes() < 2;
    if (h.status().equals("green") || (oneNode && h.status().equals("yellow"))) {
      return StepResult.done(
          names(restored)
              + " of "
              + snapshot
              + " are "
              + h.status()
              + (oneNode && h.status().equals("yellow") ? " (one data node: no replicas)" : ""));
    }
    boolean stuck =
        h.status().equals("red")
            && h.initializing() == 0
            && h.relocating() == 0
            && h.unassigned() > 0;
    if (!stuck) {
      return StepResult.waiting(
          h.status() + ": " + h.initializing() + " shards recovering, " + h.unassigned() + " to go",
          c.pollAfter());
    }
    String previous = c.step().detail;
    if (previous == null || !previous.startsWith(STUCK)) {
      // Between one recovery and the next allocation a look may see none: look again first.
      return StepResult.waiting(STUCK + " (red); looking again", Duration.ofMinutes(1));
    }
    List<String> red =
        rest.indexHealth(c.target(), d.endpoint(), restored).entrySet().stream()
            .filter(e -> "red".equals(e.getValue()))
            .map(Map.Entry::getKey)
            .toList();
    return StepResult.failed(
        ErrorKind.FATAL,
        "RestoreFailed",
        "the restore of "
            + snapshot
            + " failed: primary shards of "
            + names(red.isEmpty() ? restored : red)
            + " are unassigned and none is recovering (GET _cluster/allocation/explain on "
            + spec.domain
            + " says why)");
  }

  /** Describes the domain; with {@code prove}, also checks the tag that hands it over. */
  private Look look(RefreshContext c, boolean prove) {
    Optional<Domain> d = domains.describe(c.target(), spec.domain);
    if (d.isEmpty()) {
      return new Look(
          null,
          StepResult.failed(
              ErrorKind.FATAL,
              "DomainNotFound",
              "domain " + spec.domain + " is not in " + c.target().key()));
    }
    if (d.get().endpoint() == null) {
      return new Look(
          null, StepResult.waiting(spec.domain + " has no endpoint yet", c.pollAfter()));
    }
    if (!prove) return new Look(d.get(), null);
    String wanted = c.env().getMetadata().getNamespace() + "/" + c.env().getMetadata().getName();
    String tag = domains.tags(c.target(), d.get().arn()).get(TARGET_TAG);
    if (wanted.equals(tag)) return new Look(d.get(), null);
    return new Look(
        null,
        StepResult.failed(
            ErrorKind.FATAL,
            "NotHandedOver",
            "domain "
                + spec.domain
                + " is not tagged "
                + TARGET_TAG
                + "="
                + wanted
                + (tag == null ? "" : " (it says " + tag + ")")
                + "; Slipway deletes no index of it until it is. Tag it to hand it over"));
  }

  /** The snapshot checkSource picked in this run, or null. */
  private String picked(RefreshContext c) {
    for (RefreshStatus.Step st : c.run().steps) {
      if (spec.name.equals(st.datastore) && "checkSource".equals(st.step)) return st.picked;
    }
    return null;
  }

  /** A run resumed from a status written before checkSource recorded its pick. */
  private static StepResult unpicked() {
    return StepResult.failed(
        ErrorKind.FATAL, "NoSnapshotPicked", "checkSource recorded no snapshot in this run");
  }

  /** "[a, b, c]" or "[a, b, … (40 indices)]": status stays short. */
  static String names(List<String> names) {
    if (names.size() <= 5) return names.toString();
    return "[" + String.join(", ", names.subList(0, 5)) + ", … (" + names.size() + " indices)]";
  }
}
