package dev.slipway.stateful;

import dev.slipway.stateful.EnvironmentSteps.Flaw;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a StagingEnvironment sequence knows: what it created and when, what it has seen the operator
 * report, and the probe data it planted in the schema and Redis namespace of every environment it
 * saw Ready. The invariants judge the operator against this.
 */
final class EnvironmentModel {
  static final Duration TTL = Duration.ofHours(4);

  /** A probe row and key planted in one Ready environment; {@code owner} is unique per planting. */
  record Seed(Engine engine, String schema, String redisKey, String owner) {}

  /** A shared environment the sequence created. */
  static final class Shared {
    final String name;
    final Engine engine;
    final Flaw flaw;

    /** Whose schema and Redis patterns this one uses (itself, or the twin it copied). */
    final String patternKey;

    Shared(String name, Engine engine, Flaw flaw, String patternKey) {
      this.name = name;
      this.engine = engine;
      this.flaw = flaw;
      this.patternKey = patternKey;
    }
  }

  /** A branch (or shared) environment the sequence created, and what it last looked like. */
  static final class Env {
    final String name;
    final String shared;
    final Engine engine;
    String uid;
    Instant specChangedAt;
    boolean bornInvalid;
    String phase;
    String schema;
    String redisNamespace;
    boolean deleting;
    boolean gone;
    boolean expired;
    Seed seed;
    final List<Seed> retired = new ArrayList<>();

    Env(String name, String shared, Engine engine) {
      this.name = name;
      this.shared = shared;
      this.engine = engine;
    }

    boolean isBranch() {
      return shared != null;
    }

    /** Past its TTL (as counted from the test's own change; the operator's count starts later). */
    boolean mayHaveExpired(Instant now) {
      return isBranch() && specChangedAt != null && !now.isBefore(specChangedAt.plus(TTL));
    }
  }

  final Map<String, Shared> shared = new LinkedHashMap<>();
  final Map<String, Env> envs = new LinkedHashMap<>();
  final Set<Engine> secretsRemoved = EnumSet.noneOf(Engine.class);
  private int plantings;

  /** Invalid as far as the test knows: a flaw from the start, or its admin Secret is gone. */
  boolean invalid(String sharedName) {
    Shared s = shared.get(sharedName);
    return s != null && (s.flaw.invalidates() || secretsRemoved.contains(s.engine));
  }

  /** A secret came back: branches born while it was missing may now be provisioned. */
  void sharedMayBeValidAgain() {
    for (Env e : envs.values()) {
      if (e.bornInvalid && !invalid(e.shared)) e.bornInvalid = false;
    }
  }

  Optional<Env> byUid(String uid) {
    return envs.values().stream().filter(e -> uid.equals(e.uid)).findFirst();
  }

  /**
   * Brings the records up to date with the API server: phases, names, deletion, expiry; then plants
   * probes in environments newly seen Ready.
   *
   * @return problems met while planting (a Ready environment whose schema does not exist)
   */
  List<Violation> observe(Api api, Datastores stores, Instant now, boolean settled) {
    Map<String, Obj> live = new LinkedHashMap<>();
    api.list(Api.ENVIRONMENT).forEach(o -> live.put(o.uid(), o));
    List<Violation> problems = new ArrayList<>();
    for (Env e : envs.values()) {
      Obj o = e.uid == null ? null : live.get(e.uid);
      if (o == null) {
        e.gone = e.uid != null;
        continue;
      }
      e.phase = o.phase();
      e.deleting = o.deleting();
      if (o.status("schema") != null) e.schema = o.status("schema");
      if (o.status("redisNamespace") != null) e.redisNamespace = o.status("redisNamespace");
      e.expired = settled && "Expired".equals(e.phase) && !e.deleting;
      if (settled && "Ready".equals(e.phase) && e.isBranch() && !e.deleting)
        plant(e, stores, now, problems);
    }
    return problems;
  }

  /** A probe in a newly Ready environment (once per admission: expiry retires it). */
  private void plant(Env e, Datastores stores, Instant now, List<Violation> problems) {
    if (e.seed != null || e.mayHaveExpired(now) || e.schema == null || e.redisNamespace == null) {
      return;
    }
    Seed seed =
        new Seed(
            e.engine, e.schema, e.redisNamespace + ":stateful-probe", e.uid + "#" + ++plantings);
    try {
      stores.seedProbe(e.engine, e.schema, seed.owner());
    } catch (SQLException ex) {
      problems.add(
          new Violation(
              Invariant.LIVE_DATA_KEPT,
              e.name
                  + " is Ready but its schema "
                  + e.schema
                  + " cannot take a table: "
                  + ex.getMessage()));
      return;
    }
    stores.setKey(seed.redisKey(), seed.owner());
    e.seed = seed;
  }

  /** The probe may legitimately go: the environment is being deleted, is gone or expired. */
  void retire(Env e) {
    if (e.seed == null) return;
    e.retired.add(e.seed);
    e.seed = null;
  }
}
