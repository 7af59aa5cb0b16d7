package dev.slipway.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The REST calls the staging refresh makes on an OpenSearch Service domain's endpoint: register a
 * snapshot repository, list its snapshots, list and delete indices, restore, follow health. Every
 * call is signed (see {@link OpenSearchHttp}) and goes through {@link AwsCalls} as service "es", so
 * it is rate limited, retried on 429/5xx/I/O and metered like any AWS call. Long index lists are
 * split so no request line grows past what a domain accepts.
 */
public final class OpenSearchRestPort {
  /** The operations, as metered; {@link ThrottleBucket} sends them to the domain's own bucket. */
  public static final Set<String> OPERATIONS =
      Set.of(
          "PutSnapshotRepository",
          "GetSnapshots",
          "CatIndices",
          "DeleteIndices",
          "RestoreSnapshot",
          "ClusterHealth",
          "IndexRecovery");

  /** OpenSearch's default http.max_initial_line_length is 4 KB; leave room for the rest. */
  private static final int MAX_NAMES_IN_PATH = 3000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public OpenSearchRestPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /**
   * One snapshot as GET _snapshot lists it; {@code endMillis} is 0 while it runs, {@code
   * openSearchVersion} the OpenSearch version that took it (e.g. 2.13.0), null when Elasticsearch
   * took it.
   */
  public record Snapshot(
      String name,
      String state,
      List<String> indices,
      long startMillis,
      long endMillis,
      String openSearchVersion) {}

  /** OpenSearch sets this bit in its version ids, which tells them from Elasticsearch's. */
  private static final int OPENSEARCH_VERSION_MASK = 0x08000000;

  /** Cluster health of some indices (worst status, shard counts summed over the groups asked). */
  public record Health(
      String status, int activePrimaries, int initializing, int unassigned, int relocating) {}

  /** Registers (or registers again: PUT is idempotent) an S3 repository, read-only. */
  public void putReadOnlyS3Repository(
      AwsTarget t,
      String endpoint,
      String name,
      String bucket,
      String basePath,
      String region,
      String roleArn) {
    ObjectNode body = JSON.createObjectNode().put("type", "s3");
    ObjectNode settings = body.putObject("settings");
    settings.put("bucket", bucket);
    if (basePath != null && !basePath.isEmpty()) settings.put("base_path", basePath);
    settings.put("region", region).put("role_arn", roleArn).put("readonly", true);
    send(t, endpoint, "PutSnapshotRepository", "PUT", "/_snapshot/" + segment(name), body);
  }

  /** Every snapshot in the repository, as OpenSearch lists them (oldest first). */
  public List<Snapshot> snapshots(AwsTarget t, String endpoint, String repository) {
    JsonNode body =
        send(
            t,
            endpoint,
            "GetSnapshots",
            "GET",
            "/_snapshot/" + segment(repository) + "/_all",
            null);
    return parse(body);
  }

  private static List<Snapshot> parse(JsonNode body) {
    List<Snapshot> out = new ArrayList<>();
    for (JsonNode s : body.path("snapshots")) {
      List<String> indices = new ArrayList<>();
      s.path("indices").forEach(i -> indices.add(i.asText()));
      out.add(
          new Snapshot(
              s.path("snapshot").asText(),
              s.path("state").asText(),
              indices,
              s.path("start_time_in_millis").asLong(0),
              s.path("end_time_in_millis").asLong(0),
              (s.path("version_id").asInt(0) & OPENSEARCH_VERSION_MASK) != 0
                  ? s.path("version").asText(null)
                  : null));
    }
    return out;
  }

  /** One snapshot of the repository, or empty when it is not (or no longer) there. */
  public Optional<Snapshot> snapshot(AwsTarget t, String endpoint, String repository, String name) {
    JsonNode body;
    try {
      body =
          send(
              t,
              endpoint,
              "GetSnapshots",
              "GET",
              "/_snapshot/" + segment(repository) + "/" + segment(name),
              null);
    } catch (OpenSearchHttpException e) {
      if ("snapshot_missing_exception".equals(e.type())) return Optional.empty();
      throw e;
    }
    return parse(body).stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Names of every index on the domain, system indices included. */
  public List<String> indices(AwsTarget t, String endpoint) {
    JsonNode rows = send(t, endpoint, "CatIndices", "GET", "/_cat/indices?format=json", null);
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.path("index").asText()));
    return out;
  }

  /**
   * Health per index, from _cat/indices (used to name the red ones). Callers never pass names
   * starting with a dot, and the names must exist.
   */
  public Map<String, String> indexHealth(AwsTarget t, String endpoint, List<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String group : groups(names)) {
      JsonNode rows =
          send(t, endpoint, "CatIndices", "GET", "/_cat/indices/" + group + "?format=json", null);
      rows.forEach(r -> out.put(r.path("index").asText(), r.path("health").asText()));
    }
    return out;
  }

  /** Deletes the named indices (a 404 index_not_found_exception says one was gone already). */
  public void deleteIndices(AwsTarget t, String endpoint, List<String> names) {
    for (String name : names) {
      // The domain's security plugin refuses a whole request naming any system index; the
      // callers never name one, and this keeps a bug from asking.
      if (name.startsWith(".")) throw new IllegalArgumentException("system index " + name);
    }
    for (String group : groups(names)) {
      send(t, endpoint, "DeleteIndices", "DELETE", "/" + group, null);
    }
  }

  /**
   * Starts restoring {@code indices} of a snapshot, without the cluster state of production
   * (include_global_state false: templates, settings and system indices of staging stay).
   */
  public void restore(
      AwsTarget t, String endpoint, String repository, String snapshot, List<String> indices) {
    ObjectNode body = JSON.createObjectNode();
    body.put("indices", String.join(",", indices));
    body.put("include_global_state", false);
    body.put("ignore_unavailable", false);
    send(
        t,
        endpoint,
        "RestoreSnapshot",
        "POST",
        "/_snapshot/" + segment(repository) + "/" + segment(snapshot) + "/_restore",
        body);
  }

  /**
   * Health of the named indices. A name that does not exist counts as red (as OpenSearch reports
   * it); the short timeout keeps OpenSearch from waiting for it to appear.
   */
  public Health health(AwsTarget t, String endpoint, List<String> names) {
    String status = "green";
    int primaries = 0, initializing = 0, unassigned = 0, relocating = 0;
    for (String group : groups(names)) {
      JsonNode h =
          send(
              t,
              endpoint,
              "ClusterHealth",
              "GET",
              "/_cluster/health/" + group + "?timeout=2s",
              null);
      status = worse(status, h.path("status").asText("red"));
      primaries += h.path("active_primary_shards").asInt();
      initializing += h.path("initializing_shards").asInt();
      unassigned += h.path("unassigned_shards").asInt();
      relocating += h.path("relocating_shards").asInt();
    }
    return new Health(status, primaries, initializing, unassigned, relocating);
  }

  /**
   * Where each named index's primary shards were recovered from: "repository:snapshot" for a
   * restored index, null for one created otherwise.
   */
  public Map<String, String> restoredFrom(AwsTarget t, String endpoint, List<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String group : groups(names)) {
      JsonNode body = send(t, endpoint, "IndexRecovery", "GET", "/" + group + "/_recovery", null);
      body.fields()
          .forEachRemaining(
              e -> {
                String from = null;
                for (JsonNode shard : e.getValue().path("shards")) {
                  if (!shard.path("primary").asBoolean()) continue;
                  JsonNode source = shard.path("source");
                  from =
                      "SNAPSHOT".equals(shard.path("type").asText()) && source.has("snapshot")
                          ? source.path("repository").asText()
                              + ":"
                              + source.path("snapshot").asText()
                          : null;
                }
                out.put(e.getKey(), from);
              });
    }
    return out;
  }

  /**
   * One call: 2xx answers parse as JSON; cluster health's 408 (not reached in time) is an answer
   * too; every other status is an {@link OpenSearchHttpException}.
   */
  private JsonNode send(
      AwsTarget t, String endpoint, String operation, String method, String path, JsonNode body) {
    OpenSearchHttp http = clients.opensearchHttp(t);
    byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
    OpenSearchHttp.Request request = new OpenSearchHttp.Request(method, path, bytes);
    OpenSearchHttp.Response response =
        calls.call(
            t,
            "es",
            operation,
            () -> {
              OpenSearchHttp.Response r = http.send(endpoint, request);
              boolean answer =
                  (r.status() >= 200 && r.status() < 300)
                      || (r.status() == 408 && operation.equals("ClusterHealth"));
              if (!answer) throw OpenSearchHttpException.of(operation, r);
              return r;
            });
    try {
      return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(operation + " answered with a body that is not JSON", e);
    }
  }

  /** Comma-joined groups of names, each short enough for a request line. */
  static List<String> groups(List<String> names) {
    List<String> out = new ArrayList<>();
    StringBuilder group = new StringBuilder();
    for (String name : names) {
      String encoded = segment(name);
      if (group.length() > 0 && group.length() + 1 + encoded.length() > MAX_NAMES_IN_PATH) {
        out.add(group.toString());
        group.setLength(0);
      }
      if (group.length() > 0) group.append(',');
      group.append(encoded);
    }
    if (group.length() > 0) out.add(group.toString());
    return out;
  }

  /** Percent-encodes what is not safe in a path segment (index names rarely need it). */
  static String segment(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-_.~+*".indexOf(c) >= 0;
      if (safe) out.append(c);
      else out.append('%').append(String.format("%02X", b & 0xff));
    }
    return out.toString();
  }

  private static String worse(String a, String b) {
    List<String> order = List.of("green", "yellow", "red");
    int ia = order.indexOf(a), ib = order.indexOf(b);
    return (ib < 0 ? 2 : ib) > ia ? b : a;
  }
}
