package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.OpenSearchRest.error;
import static dev.slipway.sandbox.sim.OpenSearchRest.restoreRefused;

import dev.slipway.sandbox.sim.OpenSearchDomain.Repository;
import dev.slipway.sandbox.sim.OpenSearchRest.Request;
import dev.slipway.sandbox.sim.OpenSearchRest.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot calls of a staging refresh: register a repository over production's bucket, list its
 * snapshots, restore one. Error types, statuses and messages follow OpenSearch 2.x's RestoreService
 * and repository verification, and AWS's own role_arn check in front of them.
 */
final class OpenSearchSnapshotApi {
  private final OpenSearchDomain d;
  private final OpenSearchSnapshotSources sources;

  OpenSearchSnapshotApi(OpenSearchDomain domain, OpenSearchSnapshotSources sources) {
    this.d = domain;
    this.sources = sources;
  }

  /** Serves /_snapshot[/repo[/snapshots[/_restore]]]. Callers hold the domain's lock. */
  Response handle(Request r) {
    int n = r.segments().size();
    String repo = r.segment(1);
    return switch (r.method() + " " + n) {
      case "GET 1" -> Response.ok(repositories("_all"));
      case "GET 2" -> Response.ok(repositories(repo));
      case "PUT 2", "POST 2" -> register(repo, OpenSearchJson.object(r.body()));
      case "DELETE 2" -> unregister(repo);
      case "GET 3" -> Response.ok(Map.of("snapshots", snapshots(repository(repo), r.segment(2))));
      case "POST 4" -> {
        if (!"_restore".equals(r.segment(3))) throw OpenSearchRest.noHandler(r);
        if (r.flag("wait_for_completion")) {
          // Completion is measured on the simulated clock, which a blocked request cannot move.
          throw error(
              400,
              "illegal_argument_exception",
              "the simulator does not support wait_for_completion=true; poll _cluster/health");
        }
        yield restore(repository(repo), r.segment(2), OpenSearchJson.object(r.body()));
      }
      default -> throw OpenSearchRest.noHandler(r);
    };
  }

  private Map<String, Object> repositories(String names) {
    var resolved = OpenSearchIndexPatterns.resolve(names, d.repositories.keySet(), false);
    if (!resolved.missing().isEmpty())
      throw OpenSearchRest.repositoryMissing(resolved.missing().get(0));
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : resolved.names()) {
      out.put(name, Map.of("type", "s3", "settings", d.repositories.get(name).settings()));
    }
    return out;
  }

  private Response register(String name, Map<String, Object> body) {
    Map<String, Object> settings = OpenSearchJson.map(body.get("settings"));
    // OpenSearch Service checks the role it must pass to S3 before OpenSearch sees the request.
    if (settings.get("role_arn") == null) {
      throw OpenSearchRest.gateway(
          400, "Message", "settings.role_arn is needed for snapshot registration.");
    }
    Object type = body.get("type");
    if (type == null) {
      throw error(
          400, "action_request_validation_exception", "Validation Failed: 1: type is missing;");
    }
    if (!"s3".equals(type)) {
      throw error(
          500,
          "repository_exception",
          "[" + name + "] repository type [" + type + "] does not exist");
    }
    Object bucket = settings.get("bucket");
    if (bucket == null) {
      throw error(
          500, "repository_exception", "[" + name + "] No bucket defined for s3 repository");
    }
    Map<String, String> flat = new LinkedHashMap<>();
    settings.forEach((k, v) -> flat.put(k, String.valueOf(v)));
    String basePath = OpenSearchSnapshotSources.normalise(flat.get("base_path"));
    // OpenSearch stores the repository first and verifies it after, so a failed verification
    // still leaves it registered (and a retry of the same PUT just verifies again).
    d.repositories.put(name, new Repository(name, bucket.toString(), basePath, Map.copyOf(flat)));
    if (!sources.knows(bucket.toString())) throw unverifiable(name, basePath);
    return Response.acknowledged();
  }

  private Response unregister(String name) {
    if (d.repositories.remove(name) == null) throw OpenSearchRest.repositoryMissing(name);
    return Response.acknowledged();
  }

  private Repository repository(String name) {
    Repository repo = d.repositories.get(name);
    if (repo == null) throw OpenSearchRest.repositoryMissing(name);
    if (!sources.knows(repo.bucket())) {
      throw error(
          500,
          "repository_exception",
          "[" + name + "] could not read repository data from index blob");
    }
    return repo;
  }

  private List<OpenSearchSnapshot> visible(Repository repo) {
    Instant now = d.now();
    return sources.list(repo.bucket(), repo.basePath()).stream()
        .filter(s -> s.visibleAt(now))
        .toList();
  }

  private List<Map<String, Object>> snapshots(Repository repo, String names) {
    List<OpenSearchSnapshot> all = visible(repo);
    Map<String, OpenSearchSnapshot> byName = new LinkedHashMap<>();
    all.forEach(s -> byName.put(s.name(), s));
    String expression = names.equals("*") ? "_all" : names;
    var resolved = OpenSearchIndexPatterns.resolve(expression, byName.keySet(), false);
    if (!resolved.missing().isEmpty()) {
      throw error(
          404,
          "snapshot_missing_exception",
          "[" + repo.name() + ":" + resolved.missing().get(0) + "] is missing");
    }
    // Oldest first, as OpenSearch sorts by start time.
    return all.stream()
        .filter(s -> resolved.names().contains(s.name()))
        .map(s -> s.json(d.now(), version(s), OpenSearchDomain.versionId(version(s))))
        .toList();
  }

  private String version(OpenSearchSnapshot s) {
    return d.versionNumber(s.fault() == OpenSearchRestoreFault.REJECTED ? 1 : 0);
  }

  private Response restore(Repository repo, String name, Map<String, Object> body) {
    Instant now = d.now();
    OpenSearchSnapshot s =
        visible(repo).stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    String ref = repo.name() + ":" + name;
    if (s == null) throw restoreRefused(ref, "snapshot does not exist");
    String fullRef = ref + "/" + s.uuid();
    if (!s.restorableAt(now)) {
      throw restoreRefused(fullRef, "unsupported snapshot state [" + s.stateAt(now) + "]");
    }
    if (s.fault() == OpenSearchRestoreFault.REJECTED) {
      throw restoreRefused(
          fullRef,
          "the snapshot was created with OpenSearch version ["
              + version(s)
              + "] which is higher than the version of this node ["
              + d.versionNumber()
              + "]");
    }
    var resolved =
        OpenSearchIndexPatterns.resolve(
            OpenSearchJson.expression(body.get("indices")), s.indices().keySet(), true);
    if (!resolved.missing().isEmpty() && !OpenSearchJson.bool(body.get("ignore_unavailable"))) {
      throw OpenSearchRest.indexNotFound(resolved.missing().get(0));
    }
    Map<String, String> renamed = renamed(body, resolved.names(), ref);
    boolean partial = OpenSearchJson.bool(body.get("partial"));
    String failed = s.failedIndex(now);
    // Validate every index before creating any, as RestoreService does in one cluster-state update.
    for (Map.Entry<String, String> e : renamed.entrySet()) {
      if (e.getValue().equals(failed) && !partial) {
        throw restoreRefused(
            fullRef, "index [" + failed + "] wasn't fully snapshotted - cannot restore");
      }
      OpenSearchIndexApi.validateNewName(e.getKey());
      if (d.indices.containsKey(e.getKey())) {
        throw restoreRefused(
            fullRef,
            "cannot restore index ["
                + e.getKey()
                + "] because an open index with same name already exists in the cluster. Either"
                + " close or delete the existing index or restore the index under a different name"
                + " by providing a rename pattern and replacement name");
      }
    }
    for (Map.Entry<String, String> e : renamed.entrySet()) {
      boolean stuck = s.fault() == OpenSearchRestoreFault.STAYS_RED || e.getValue().equals(failed);
      Instant primaries = stuck ? null : now.plus(d.timings.primaries(d.random));
      Instant replicas = stuck ? null : primaries.plus(d.timings.replicas(d.random));
      d.indices.put(
          e.getKey(),
          new OpenSearchIndex(
              e.getKey(),
              OpenSearchIndexApi.uuid(d),
              s.indices().get(e.getValue()),
              now,
              primaries,
              replicas,
              ref));
    }
    return Response.ok(Map.of("accepted", true));
  }

  /** Restored name to snapshot name, after rename_pattern/rename_replacement (Java regex). */
  private static Map<String, String> renamed(
      Map<String, Object> body, Iterable<String> names, String ref) {
    Object pattern = body.get("rename_pattern");
    Object replacement = body.get("rename_replacement");
    Map<String, String> out = new LinkedHashMap<>();
    for (String index : names) {
      String target =
          pattern != null && replacement != null
              ? index.replaceAll(pattern.toString(), replacement.toString())
              : index;
      String previous = out.put(target, index);
      if (previous != null) {
        throw restoreRefused(
            ref,
            "indices ["
                + index
                + "] and ["
                + previous
                + "] are renamed into the same index ["
                + target
                + "]");
      }
    }
    return out;
  }

  private static OpenSearchRest.Failure unverifiable(String name, String basePath) {
    String path = basePath.isEmpty() ? "" : "[" + basePath + "]";
    return error(
        500,
        "repository_verification_exception",
        "[" + name + "] path " + path + " is not accessible on cluster-manager node");
  }
}
