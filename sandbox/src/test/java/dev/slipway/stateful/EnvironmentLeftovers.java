package dev.slipway.stateful;

import dev.slipway.stateful.EnvironmentModel.Env;
import dev.slipway.stateful.EnvironmentModel.Seed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Invariants 2 and 3, what is left over once the operator settled: a deleted or expired environment
 * left nothing it owned (AWS resources its passes or its children's made, child releases, its probe
 * data, its schema and Redis keys unless another live environment claims them), and nothing else in
 * the sequence's name space is owned by nobody.
 */
final class EnvironmentLeftovers {
  private final EnvironmentWorld w;

  EnvironmentLeftovers(EnvironmentWorld world) {
    this.w = world;
  }

  void check(EnvironmentSnapshot s, List<Violation> out) {
    noOrphans(s, deletedLeaveNothing(s, out), out);
  }

  /** 2: nothing of a deleted or expired environment is left; returns what it reported. */
  private Set<String> deletedLeaveNothing(EnvironmentSnapshot s, List<Violation> out) {
    Set<String> attributed = new LinkedHashSet<>();
    // An expiry, like a deletion, may be held up by an unreachable datastore or missing Secret.
    boolean blocked = w.stores.anyCut() || !w.model.secretsRemoved.isEmpty();
    for (Env e : w.model.envs.values()) {
      if (!e.gone && !(e.expired && !blocked)) continue;
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
          && !s.schemaClaimed(w.model, e.engine, e.schema, e)) {
        left.add(e.engine + " schema " + e.schema);
        attributed.add("schema:" + e.schema);
      }
      if (e.redisNamespace != null) {
        List<String> keys = s.keysOf(e.redisNamespace);
        if (!keys.isEmpty() && !s.namespaceClaimed(e.redisNamespace, e)) {
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
  private void noOrphans(EnvironmentSnapshot s, Set<String> attributed, List<Violation> out) {
    // An expiry held up by a cut or a missing Secret has not finished: what it made is its own.
    boolean blocked = w.stores.anyCut() || !w.model.secretsRemoved.isEmpty();
    for (String r : s.resources()) {
      if (attributed.contains(r)) continue;
      Optional<Actor> creator = w.ledger.creatorOf(r);
      if (creator.isEmpty()) {
        out.add(violation(Invariant.NO_ORPHANS, r + " exists but no Slipway pass created it"));
      } else if (!s.alive(creator.get()) && !retained(creator.get())) {
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
                                && !s.schemaClaimed(w.model, engine, n, null, blocked))
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
                    (blocked ? s.existingEnvs() : s.liveEnvs())
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

  /** Services of releases deleted with Retain stay on purpose. */
  private boolean retained(Actor a) {
    return w.lineage.of(a.uid()).map(i -> "Retain".equals(i.deletionPolicy())).orElse(false);
  }

  private static Violation violation(Invariant invariant, String detail) {
    return new Violation(invariant, detail);
  }
}
