package dev.slipway.stateful;

import dev.slipway.stateful.EnvironmentModel.Env;
import dev.slipway.stateful.EnvironmentModel.Seed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The StagingEnvironment invariants. Data loss and foreign destruction are checked after every
 * step, even while the operator is down; the rest only once the operator has settled, since a
 * half-done pass may legitimately hold a resource its status does not name yet.
 */
final class EnvironmentInvariants {
  private final EnvironmentWorld w;
  private int destroyedChecked;
  private int modifiedChecked;

  EnvironmentInvariants(EnvironmentWorld world) {
    this.w = world;
  }

  /** What exists right now: API objects, AWS resources (no fixtures), schemas and keys. */
  private record Snapshot(
      Map<String, Obj> envs,
      Map<String, Obj> releases,
      Set<String> resources,
      Map<Engine, List<String>> schemas,
      List<String> keys) {}

  List<Violation> check(boolean settled) {
    Instant now = w.account.clock.instant();
    List<Violation> out = new ArrayList<>(w.model.observe(w.api, w.stores, now, settled));
    Snapshot s = snapshot();
    liveDataKept(s, now, out);
    destroysOnlyOwn(out);
    if (!settled) return out;
    Set<String> attributed = deletedLeaveNothing(s, out);
    noOrphans(s, attributed, out);
    namedPhases(s, out);
    deletionsFinish(s, out);
    invalidSourceWritesNothing(s, out);
    return out;
  }

  private Snapshot snapshot() {
    Map<String, Obj> envs = new LinkedHashMap<>();
    w.api.list(Api.ENVIRONMENT).forEach(o -> envs.put(o.uid(), o));
    Map<String, Obj> releases = new LinkedHashMap<>();
    w.api.list(Api.RELEASE).forEach(o -> releases.put(o.uid(), o));
    Set<String> resources = w.account.resources();
    resources.removeAll(w.fixtures);
    Map<Engine, List<String>> schemas = new EnumMap<>(Engine.class);
    for (Engine e : Engine.values()) schemas.put(e, w.stores.schemas(e, w.prefix));
    return new Snapshot(envs, releases, resources, schemas, w.stores.keys(w.prefix));
  }

  /** 1: every planted probe of a live environment is still readable. */
  private void liveDataKept(Snapshot s, Instant now, List<Violation> out) {
    for (Env e : w.model.envs.values()) {
      if (e.seed == null) continue;
      Obj o = s.envs().get(e.uid);
      if (o == null || o.deleting()) {
        w.model.retire(e);
        continue;
      }
      Seed seed = e.seed;
      boolean row = seed.owner().equals(w.stores.probe(seed.engine(), seed.schema()).orElse(null));
      boolean key = seed.owner().equals(w.stores.getKey(seed.redisKey()).orElse(null));
      if ("Expired".equals(o.phase()) || e.mayHaveExpired(now)) {
        if (!row || !key) w.model.retire(e);
        continue;
      }
      if (!row) {
        out.add(
            violation(
                Invariant.LIVE_DATA_KEPT,
                e.name
                    + " ("
                    + o.summary()
                    + ") lost its table "
                    + seed.schema()
                    + "."
                    + Datastores.PROBE_TABLE));
      }
      if (!key) {
        out.add(
            violation(
                Invariant.LIVE_DATA_KEPT,
                e.name + " (" + o.summary() + ") lost its Redis key " + seed.redisKey()));
      }
    }
  }

  /** 7: destruction only of what the destroying object (or its children) created. */
  private void destroysOnlyOwn(List<Violation> out) {
    List<CallLedger.Effect> destroyed = w.ledger.destroyed();
    for (CallLedger.Effect d : destroyed.subList(destroyedChecked, destroyed.size())) {
      if (d.creator() == null) {
        out.add(
            violation(
                Invariant.DESTROYS_ONLY_OWN,
                d.actor()
                    + " "
                    + d.call()
                    + " "
                    + d.resource()
                    + ", which no Slipway pass created"));
      } else if (d.actor() == null || !w.lineage.within(d.creator().uid(), d.actor().uid())) {
        out.add(
            violation(
                Invariant.DESTROYS_ONLY_OWN,
                d.actor() + " " + d.call() + " " + d.resource() + ", created by " + d.creator()));
      }
    }
    destroyedChecked = destroyed.size();
    List<CallLedger.Effect> modified = w.ledger.modified();
    for (CallLedger.Effect m : modified.subList(modifiedChecked, modified.size())) {
      if (w.fixtures.contains(m.resource())) {
        out.add(
            violation(
                Invariant.DESTROYS_ONLY_OWN,
                m.actor() + " " + m.call() + " on shared infrastructure " + m.resource()));
      }
    }
    modifiedChecked = modified.size();
  }

  /** 2: nothing of a deleted or expired environment is left; returns what it reported. */
  private Set<String> deletedLeaveNothing(Snapshot s, List<Violation> out) {
    Set<String> attributed = new LinkedHashSet<>();
    for (Env e : w.model.envs.values()) {
      if (!e.gone && !e.expired) continue;
      String how = e.gone ? " (deleted)" : " (expired)";
      List<String> left = new ArrayList<>();
      for (String r : s.resources()) {
        Optional<Actor> creator = w.ledger.creatorOf(r);
        if (creator.isPresent()
            && w.lineage.within(creator.get().uid(), e.uid)
            && !retainedByDesign(e, creator.get())) {
          left.add(r);
          attributed.add(r);
        }
      }
      s.releases().values().stream()
          .filter(o -> w.lineage.within(o.uid(), e.uid))
          .forEach(o -> left.add("ServiceRelease " + o.name()));
      for (Seed seed : e.retired) {
        if (seed.owner().equals(w.stores.probe(seed.engine(), seed.schema()).orElse(null))) {
          left.add("table " + seed.schema() + "." + Datastores.PROBE_TABLE + " with its row");
        }
        if (seed.owner().equals(w.stores.getKey(seed.redisKey()).orElse(null))) {
          left.add("Redis key " + seed.redisKey());
        }
      }
      if (e.schema != null
          && s.schemas().get(e.engine).contains(e.schema)
          && !schemaClaimed(s, e.engine, e.schema, e)) {
        left.add(e.engine + " schema " + e.schema);
        attributed.add("schema:" + e.schema);
      }
      if (e.redisNamespace != null) {
        List<String> keys = keysOf(s, e.redisNamespace);
        if (!keys.isEmpty() && !namespaceClaimed(s, e.redisNamespace, e)) {
          left.add(keys.size() + " Redis keys under " + e.redisNamespace + ":");
          attributed.addAll(keys);
        }
      }
      if (!left.isEmpty()) {
        out.add(violation(Invariant.DELETED_LEAVES_NOTHING, e.name + how + " left " + left));
      }
    }
    return attributed;
  }

  /** A shared environment's own releases default to Retain: their services stay on purpose. */
  private boolean retainedByDesign(Env e, Actor creator) {
    return !e.isBranch()
        && w.lineage.of(creator.uid()).map(i -> "Retain".equals(i.deletionPolicy())).orElse(false);
  }

  /** 3: everything in the sequence's name space belongs to a live environment. */
  private void noOrphans(Snapshot s, Set<String> attributed, List<Violation> out) {
    for (String r : s.resources()) {
      if (attributed.contains(r)) continue;
      Optional<Actor> creator = w.ledger.creatorOf(r);
      if (creator.isEmpty()) {
        out.add(violation(Invariant.NO_ORPHANS, r + " exists but no Slipway pass created it"));
      } else if (!alive(s, creator.get()) && !retained(creator.get())) {
        out.add(
            violation(
                Invariant.NO_ORPHANS, r + " was created by " + creator.get() + ", which is gone"));
      }
    }
    s.schemas()
        .forEach(
            (engine, names) ->
                names.stream()
                    .filter(
                        n ->
                            !attributed.contains("schema:" + n)
                                && !schemaClaimed(s, engine, n, null))
                    .forEach(
                        n ->
                            out.add(
                                violation(
                                    Invariant.NO_ORPHANS,
                                    engine + " schema " + n + " belongs to no live environment"))));
    List<String> stray =
        s.keys().stream()
            .filter(k -> !attributed.contains(k))
            .filter(
                k ->
                    liveEnvs(s)
                        .noneMatch(
                            o ->
                                o.status("redisNamespace") != null
                                    && k.startsWith(o.status("redisNamespace") + ":")))
            .toList();
    if (!stray.isEmpty()) {
      out.add(
          violation(
              Invariant.NO_ORPHANS,
              stray.size()
                  + " Redis keys belong to no live environment, e.g. "
                  + stray.subList(0, Math.min(3, stray.size()))));
    }
  }

  private boolean alive(Snapshot s, Actor a) {
    Obj env = s.envs().get(a.uid());
    return s.releases().containsKey(a.uid()) || (env != null && !"Expired".equals(env.phase()));
  }

  private boolean retained(Actor a) {
    return w.lineage.of(a.uid()).map(i -> "Retain".equals(i.deletionPolicy())).orElse(false);
  }

  /** 4: a phase, and a Ready condition with a reason and a message a person can act on. */
  private void namedPhases(Snapshot s, List<Violation> out) {
    for (Obj o : s.envs().values()) {
      List<String> problems = new ArrayList<>();
      if (Texts.blank(o.phase())) problems.add("no phase");
      Optional<Obj.Condition> ready = o.condition("Ready");
      if (ready.isEmpty()) {
        problems.add("no Ready condition");
      } else {
        if (!Texts.namedReason(ready.get().reason()))
          problems.add("Ready reason '" + ready.get().reason() + "'");
        if (Texts.blank(ready.get().message())) problems.add("blank Ready message");
        if (Texts.looksLikeException(ready.get().message())) {
          problems.add("Ready message is an exception: " + Texts.shorten(ready.get().message()));
        }
      }
      if (Texts.looksLikeException(o.message())) {
        problems.add("message is an exception: " + Texts.shorten(o.message()));
      }
      if (!problems.isEmpty()) {
        out.add(violation(Invariant.NAMED_PHASE, o.name() + ": " + String.join("; ", problems)));
      }
    }
  }

  /** 5: a deletion is finished, or visibly blocked while a cause is present. */
  private void deletionsFinish(Snapshot s, List<Violation> out) {
    List<String> causes = new ArrayList<>();
    for (Datastores.Store store : Datastores.Store.values()) {
      if (w.stores.isCut(store)) causes.add(store + " unreachable");
    }
    w.model.secretsRemoved.forEach(e -> causes.add(e + " admin Secret missing"));
    for (Obj o : s.envs().values()) {
      if (!o.deleting()) continue;
      boolean branchesLeft =
          s.envs().values().stream().anyMatch(b -> o.name().equals(b.spec("from")));
      boolean blocked =
          "Deleting".equals(o.phase())
              && o.conditions().stream().anyMatch(c -> "TeardownBlocked".equals(c.reason()))
              && !(Texts.blank(o.message())
                  && o.conditions().stream()
                      .filter(c -> "TeardownBlocked".equals(c.reason()))
                      .allMatch(c -> Texts.blank(c.message())));
      if (causes.isEmpty() && !branchesLeft) {
        out.add(
            violation(
                Invariant.DELETION_FINISHES,
                o.name()
                    + " is still there after its deletion, with nothing blocking it: "
                    + o.summary()));
      } else if (!blocked) {
        out.add(
            violation(
                Invariant.DELETION_FINISHES,
                o.name()
                    + " is being deleted while "
                    + (causes.isEmpty() ? "its branch environments go" : String.join(", ", causes))
                    + " but does not show Deleting/TeardownBlocked: "
                    + o.summary()));
      }
    }
  }

  /** 6: what is known to be invalid at the source is reported there, and nothing is built on it. */
  private void invalidSourceWritesNothing(Snapshot s, List<Violation> out) {
    for (EnvironmentModel.Shared shared : w.model.shared.values()) {
      if (!shared.flaw.invalidates()) continue;
      Env e = w.model.envs.get(shared.name);
      Obj o = e == null ? null : s.envs().get(e.uid);
      if (o != null && !o.deleting() && isReady(o)) {
        out.add(
            violation(
                Invariant.INVALID_SOURCE_WRITES_NOTHING,
                shared.name + " (" + shared.flaw + ") reports Ready: " + o.summary()));
      }
    }
    for (Env e : w.model.envs.values()) {
      if (!e.bornInvalid || !w.model.invalid(e.shared)) continue;
      List<String> writes = new ArrayList<>();
      w.ledger.createdBy(a -> w.lineage.within(a.uid(), e.uid)).forEach(writes::add);
      w.ledger.destroyed().stream()
          .filter(d -> d.creator() != null && w.lineage.within(d.creator().uid(), e.uid))
          .forEach(d -> writes.add(d.resource() + " (since deleted)"));
      s.releases().values().stream()
          .filter(o -> w.lineage.within(o.uid(), e.uid))
          .forEach(o -> writes.add("ServiceRelease " + o.name()));
      if (e.schema != null
          && s.schemas().get(e.engine).contains(e.schema)
          && !schemaClaimed(s, e.engine, e.schema, e)) {
        writes.add("schema " + e.schema);
      }
      Obj o = s.envs().get(e.uid);
      if (o != null && isReady(o)) writes.add("phase Ready");
      if (!writes.isEmpty()) {
        out.add(
            violation(
                Invariant.INVALID_SOURCE_WRITES_NOTHING,
                e.name
                    + " of invalid "
                    + e.shared
                    + " ("
                    + w.model.shared.get(e.shared).flaw
                    + ", secrets removed "
                    + w.model.secretsRemoved
                    + ") wrote "
                    + writes));
      }
    }
  }

  private static boolean isReady(Obj o) {
    return "Ready".equals(o.phase())
        || o.condition("Ready").map(c -> "True".equals(c.status())).orElse(false);
  }

  private java.util.stream.Stream<Obj> liveEnvs(Snapshot s) {
    return s.envs().values().stream().filter(o -> !"Expired".equals(o.phase()));
  }

  /** Another live (not expired) environment of the same engine names this schema. */
  private boolean schemaClaimed(Snapshot s, Engine engine, String schema, Env except) {
    return w.model.envs.values().stream()
        .filter(f -> f != except && f.engine == engine && f.uid != null)
        .map(f -> s.envs().get(f.uid))
        .filter(o -> o != null && !"Expired".equals(o.phase()))
        .anyMatch(o -> schema.equals(o.status("schema")));
  }

  private boolean namespaceClaimed(Snapshot s, String namespace, Env except) {
    return liveEnvs(s)
        .filter(o -> except == null || !o.uid().equals(except.uid))
        .anyMatch(o -> namespace.equals(o.status("redisNamespace")));
  }

  private static List<String> keysOf(Snapshot s, String namespace) {
    return s.keys().stream().filter(k -> k.startsWith(namespace + ":")).toList();
  }

  private static Violation violation(Invariant invariant, String detail) {
    return new Violation(invariant, detail);
  }
}
