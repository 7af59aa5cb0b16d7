package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The OpenSearch side of the simulator that spans regions: production's snapshot buckets, the
 * running domain endpoints and the seeding {@link AwsSimulator} exposes.
 */
final class OpenSearchSeeding implements AutoCloseable {
  private final AwsSimulator sim;
  private final OpenSearchTimings timings;
  private final OpenSearchSnapshotSources sources = new OpenSearchSnapshotSources();
  private final OpenSearchEndpoints endpoints;
  private final List<OpenSearchDomain> domains = new ArrayList<>();
  private final Ids ids;

  OpenSearchSeeding(AwsSimulator sim, CallGate gate, OpenSearchTimings timings, long seed) {
    this.sim = sim;
    this.endpoints = new OpenSearchEndpoints(gate);
    this.timings = timings;
    this.ids = new Ids(seed ^ 0x05e4c8L);
  }

  /** Creates the domain if missing, starts its endpoint, and returns the endpoint. */
  synchronized String domain(
      String account, String region, String name, String engineVersion, int dataNodes) {
    OpenSearchDomain existing = sim.locked(account, region, rs -> rs.opensearch.domain(name));
    if (existing != null) return existing.endpoint();
    OpenSearchDomain d =
        sim.locked(
            account,
            region,
            rs -> {
              OpenSearchDomain created =
                  new OpenSearchDomain(rs, name, engineVersion, dataNodes, timings);
              rs.opensearch.domains.put(name, created);
              return created;
            });
    endpoints.start(d, sources);
    domains.add(d);
    return d.endpoint();
  }

  void index(String account, String region, String domain, String index, long docs) {
    OpenSearchDomain d = require(account, region, domain);
    if (!index.startsWith(".")) OpenSearchIndexApi.validateNewName(index);
    synchronized (d) {
      d.indices.put(
          index, OpenSearchIndex.existing(index, OpenSearchIndexApi.uuid(d), docs, d.now()));
    }
  }

  void snapshot(
      String bucket,
      String basePath,
      String name,
      String state,
      Map<String, Long> indices,
      Instant endTime,
      OpenSearchRestoreFault fault) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(name, "snapshotName");
    Objects.requireNonNull(endTime, "endTime");
    if (!OpenSearchSnapshot.STATES.contains(state)) {
      throw new IllegalArgumentException("state is one of " + OpenSearchSnapshot.STATES);
    }
    sources.add(
        bucket,
        basePath,
        new OpenSearchSnapshot(
            name,
            ids.hex(22),
            state,
            new TreeMap<>(indices),
            endTime.minus(OpenSearchSnapshot.TYPICAL_DURATION),
            endTime,
            Objects.requireNonNull(fault)));
  }

  List<OpenSearchIndexInfo> indices(String account, String region, String domain) {
    OpenSearchDomain d = require(account, region, domain);
    synchronized (d) {
      Instant now = d.now();
      return d.indices.values().stream()
          .map(
              i ->
                  new OpenSearchIndexInfo(
                      i.name, i.health(now, d.dataNodes), i.docs, i.restoredFrom))
          .toList();
    }
  }

  synchronized void failNext(String domain, int n, int status) {
    List<OpenSearchDomain> named = domains.stream().filter(d -> d.name.equals(domain)).toList();
    if (named.size() != 1) {
      throw new IllegalArgumentException(
          named.isEmpty()
              ? "no OpenSearch domain named " + domain
              : "several accounts or regions have a domain named " + domain);
    }
    named.get(0).failNext(n, status);
  }

  private OpenSearchDomain require(String account, String region, String name) {
    OpenSearchDomain d = sim.locked(account, region, rs -> rs.opensearch.domain(name));
    if (d == null)
      throw new IllegalArgumentException(
          "no OpenSearch domain " + name + " in " + account + "/" + region);
    return d;
  }

  @Override
  public void close() {
    endpoints.close();
  }
}
