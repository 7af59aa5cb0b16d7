package dev.slipway.sandbox.sim;

import static dev.slipway.sandbox.sim.OpenSearchRest.error;

import dev.slipway.sandbox.sim.OpenSearchIndex.ShardCounts;
import dev.slipway.sandbox.sim.OpenSearchRest.Request;
import dev.slipway.sandbox.sim.OpenSearchRest.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The index and cluster calls of a staging refresh: list indices, delete the ones a restore will
 * replace, follow the restore through cluster health and recovery, count documents after it.
 */
final class OpenSearchIndexApi {
  private static final List<String> HEALTH = List.of("green", "yellow", "red");
  private final OpenSearchDomain d;

  OpenSearchIndexApi(OpenSearchDomain domain) {
    this.d = domain;
  }

  /** Serves /_cat/indices, /_cluster/health, /_recovery and /{index}[/_count|/_recovery]. */
  Response handle(Request r) {
    String first = r.segment(0);
    int n = r.segments().size();
    String m = r.method();
    if (n == 0 && (m.equals("GET") || m.equals("HEAD"))) return root();
    if ("_cat".equals(first) && "indices".equals(r.segment(1)) && m.equals("GET") && n <= 3) {
      return catIndices(r, r.segment(2));
    }
    if ("_cluster".equals(first) && "health".equals(r.segment(1)) && m.equals("GET") && n <= 3) {
      return health(r, r.segment(2));
    }
    if ("_recovery".equals(first) && n == 1 && m.equals("GET")) return recovery(r, null);
    if (first == null || first.startsWith("_")) throw OpenSearchRest.noHandler(r);
    if (n == 2 && r.segment(1).equals("_recovery") && m.equals("GET")) return recovery(r, first);
    if (n == 2 && r.segment(1).equals("_count") && (m.equals("GET") || m.equals("POST"))) {
      return count(first);
    }
    if (n != 1) throw OpenSearchRest.noHandler(r);
    return switch (m) {
      case "GET" -> Response.ok(describe(resolve(first)));
      case "HEAD" -> new Response(exists(first) ? 200 : 404, null);
      case "DELETE" -> delete(r, first);
      default -> throw OpenSearchRest.noHandler(r);
    };
  }

  private Response root() {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("distribution", "opensearch");
    version.put("number", d.versionNumber());
    version.put("build_type", "tar");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", d.name + "-node-1");
    body.put("cluster_name", d.clusterName());
    body.put("version", version);
    body.put("tagline", "The OpenSearch Project: https://opensearch.org/");
    return Response.ok(body);
  }

  private SortedSet<String> resolve(String expression) {
    var resolved = OpenSearchIndexPatterns.resolve(expression, d.indices.keySet(), false);
    if (!resolved.missing().isEmpty())
      throw OpenSearchRest.indexNotFound(resolved.missing().get(0));
    return resolved.names();
  }

  private boolean exists(String expression) {
    var resolved = OpenSearchIndexPatterns.resolve(expression, d.indices.keySet(), false);
    return resolved.missing().isEmpty() && !resolved.names().isEmpty();
  }

  private Response catIndices(Request r, String expression) {
    Instant now = d.now();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String name : resolve(expression == null ? "_all" : expression)) {
      OpenSearchIndex i = d.indices.get(name);
      boolean red = !i.primariesActive(now);
      // A red index has no started primary to report stats from, so _cat leaves them empty.
      String size = red ? null : (i.docs / 1024 + 1) + "kb";
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("health", i.health(now, d.dataNodes));
      row.put("status", "open");
      row.put("index", name);
      row.put("uuid", i.uuid);
      row.put("pri", String.valueOf(OpenSearchIndex.SHARDS));
      row.put("rep", String.valueOf(OpenSearchIndex.REPLICAS));
      row.put("docs.count", red ? null : String.valueOf(i.docs));
      row.put("docs.deleted", red ? null : "0");
      row.put("store.size", size);
      row.put("pri.store.size", size);
      rows.add(row);
    }
    if ("json".equals(r.param("format"))) return Response.ok(rows);
    StringBuilder text = new StringBuilder();
    if (r.flag("v"))
      text.append(String.join(" ", rows.isEmpty() ? List.of() : rows.get(0).keySet()));
    if (r.flag("v")) text.append('\n');
    for (Map<String, Object> row : rows) {
      row.values().forEach(v -> text.append(v == null ? "" : v).append(' '));
      text.setLength(text.length() - 1);
      text.append('\n');
    }
    return Response.ok(text.toString());
  }

  /**
   * Cluster health from the indices. wait_for_status answers at once: the wait would be on the
   * simulated clock, which a blocked request cannot move. Not reached means timed_out and 408, as
   * ClusterHealthResponse.status() gives.
   */
  private Response health(Request r, String expression) {
    Instant now = d.now();
    var resolved =
        OpenSearchIndexPatterns.resolve(
            expression == null ? "_all" : expression, d.indices.keySet(), false);
    String status = "green";
    ShardCounts shards = new ShardCounts(0, 0, 0, 0);
    for (String name : resolved.names()) {
      OpenSearchIndex i = d.indices.get(name);
      shards = shards.plus(i.shards(now, d.dataNodes));
      status = worse(status, i.health(now, d.dataNodes));
    }
    // Health of an index that does not exist is red until it appears.
    if (!resolved.missing().isEmpty()) status = "red";
    String wanted = r.param("wait_for_status");
    boolean timedOut =
        !resolved.missing().isEmpty()
            || (wanted != null && HEALTH.indexOf(status) > HEALTH.indexOf(wanted));
    int total = shards.active() + shards.initializing() + shards.unassigned();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cluster_name", d.clusterName());
    body.put("status", status);
    body.put("timed_out", timedOut);
    body.put("number_of_nodes", d.dataNodes);
    body.put("number_of_data_nodes", d.dataNodes);
    body.put("discovered_master", true);
    body.put("discovered_cluster_manager", true);
    body.put("active_primary_shards", shards.activePrimaries());
    body.put("active_shards", shards.active());
    body.put("relocating_shards", 0);
    body.put("initializing_shards", shards.initializing());
    body.put("unassigned_shards", shards.unassigned());
    body.put("delayed_unassigned_shards", 0);
    body.put("number_of_pending_tasks", 0);
    body.put("number_of_in_flight_fetch", 0);
    body.put("task_max_waiting_in_queue_millis", 0);
    body.put(
        "active_shards_percent_as_number", total == 0 ? 100.0 : 100.0 * shards.active() / total);
    return new Response(timedOut ? 408 : 200, body);
  }

  private static String worse(String a, String b) {
    return HEALTH.indexOf(a) >= HEALTH.indexOf(b) ? a : b;
  }

  /** Primary-shard recoveries: SNAPSHOT for restored indices, EMPTY_STORE for the others. */
  private Response recovery(Request r, String expression) {
    Instant now = d.now();
    boolean activeOnly = r.flag("active_only");
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : resolve(expression == null ? "_all" : expression)) {
      OpenSearchIndex i = d.indices.get(name);
      boolean done = i.primariesActive(now);
      if (activeOnly && done) continue;
      Map<String, Object> shard = new LinkedHashMap<>();
      shard.put("id", 0);
      shard.put("type", i.restoredFrom == null ? "EMPTY_STORE" : "SNAPSHOT");
      shard.put("stage", done ? "DONE" : "INDEX");
      shard.put("primary", true);
      shard.put("start_time_in_millis", i.created.toEpochMilli());
      Instant stop = done ? i.primariesAt : now;
      shard.put("total_time_in_millis", Duration.between(i.created, stop).toMillis());
      if (i.restoredFrom != null) {
        String[] source = i.restoredFrom.split(":", 2);
        shard.put("source", Map.of("repository", source[0], "snapshot", source[1], "index", name));
      }
      shard.put("index", Map.of("size", Map.of("percent", percent(i, now))));
      out.put(name, Map.of("shards", List.of(shard)));
    }
    return Response.ok(out);
  }

  private static String percent(OpenSearchIndex i, Instant now) {
    if (i.primariesActive(now)) return "100.0%";
    if (i.primariesAt == null) return "0.0%";
    double total = Duration.between(i.created, i.primariesAt).toMillis();
    double done = Duration.between(i.created, now).toMillis();
    return String.format("%.1f%%", total <= 0 ? 100.0 : 100.0 * done / total);
  }

  private Response count(String expression) {
    Instant now = d.now();
    long docs = 0;
    SortedSet<String> names = resolve(expression);
    for (String name : names) {
      OpenSearchIndex i = d.indices.get(name);
      if (!i.primariesActive(now)) {
        throw error(503, "search_phase_execution_exception", "all shards failed");
      }
      docs += i.docs;
    }
    int shards = names.size() * OpenSearchIndex.SHARDS;
    return Response.ok(
        Map.of(
            "count",
            docs,
            "_shards",
            Map.of("total", shards, "successful", shards, "skipped", 0, "failed", 0)));
  }

  private Map<String, Object> describe(SortedSet<String> names) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : names) {
      OpenSearchIndex i = d.indices.get(name);
      Map<String, Object> index = new LinkedHashMap<>();
      index.put("creation_date", String.valueOf(i.created.toEpochMilli()));
      index.put("number_of_shards", String.valueOf(OpenSearchIndex.SHARDS));
      index.put("number_of_replicas", String.valueOf(OpenSearchIndex.REPLICAS));
      index.put("uuid", i.uuid);
      index.put(
          "version",
          Map.of("created", String.valueOf(OpenSearchDomain.versionId(d.versionNumber()))));
      index.put("provided_name", name);
      out.put(
          name,
          Map.of("aliases", Map.of(), "mappings", Map.of(), "settings", Map.of("index", index)));
    }
    return out;
  }

  /**
   * Deletes what the expression names. Domains with fine-grained access control (which Slipway's
   * staging domains use) protect the dot-prefixed system indices (.kibana*, .opendistro*,
   * .opensearch*, .plugins*): the security plugin refuses the whole request with a 403 if any of
   * them is among the targets, so "DELETE *" deletes nothing.
   */
  private Response delete(Request r, String expression) {
    SortedSet<String> names = resolve(expression);
    for (String name : names) {
      if (name.startsWith(".")) {
        throw error(
            403,
            "security_exception",
            "no permissions for [] and User [name="
                + r.caller()
                + ", backend_roles=[], requestedTenant=null]");
      }
    }
    names.forEach(d.indices::remove);
    return Response.acknowledged();
  }

  /** MetadataCreateIndexService.validateIndexName, the rules a restored (renamed) index meets. */
  static void validateNewName(String name) {
    String problem = null;
    if (!name.toLowerCase(java.util.Locale.ROOT).equals(name)) problem = "must be lowercase";
    else if (name.startsWith("_") || name.startsWith("-") || name.startsWith("+")) {
      problem = "must not start with '_', '-', or '+'";
    } else if (name.equals(".") || name.equals("..")) problem = "must not be '.' or '..'";
    else if (name.matches(".*[\\\\/*?\"<>| ,#:].*")) {
      problem = "must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?]";
    }
    if (problem != null) {
      throw error(
          400,
          "invalid_index_name_exception",
          "Invalid index name [" + name + "], " + problem,
          Map.of("index", name, "index_uuid", "_na_"));
    }
  }

  /** Index UUIDs are 22 URL-safe base64 characters. */
  static String uuid(OpenSearchDomain d) {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.HexFormat.of().parseHex(d.ids.hex(32)))
        .substring(0, 22);
  }
}
