package dev.slipway.stateful;

import dev.slipway.stateful.EnvironmentModel.Env;
import dev.slipway.stateful.EnvironmentModel.Seed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The StagingEnvironment invariants. Data loss and foreign destruction are checked after every
 * step, even while the operator is down; the rest only once the operator has settled, since a
 * half-done pass may legitimately hold a resource its status does not name yet.
 */
final class EnvironmentInvariants {
  private final EnvironmentWorld w;
  private int destroyedChecked;
  private int modifiedChecked;
  private final EnvironmentLeftovers leftovers;

  EnvironmentInvariants(EnvironmentWorld world) {
    this.w = world;
    this.leftovers = new EnvironmentLeftovers(world);
  }

  List<Violation> check(boolean settled) {
    Instant now = w.account.clock.instant();
    List<Violation> out = new ArrayList<>(w.model.observe(w.api, w.stores, now, settled));
    EnvironmentSnapshot s = EnvironmentSnapshot.take(w);
    liveDataKept(s, now, out);
    destroysOnlyOwn(out);
    if (!settled) return out;
    leftovers.check(s, out);
    namedPhases(s, out);
    deletionsFinish(s, out);
    invalidSourceWritesNothing(s, out);
    return out;
  }

  /** 1: every planted probe of a live environment is still readable. */
  private void liveDataKept(EnvironmentSnapshot s, Instant now, List<Violation> out) {
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

  /** 4: a phase, and a Ready condition with a reason and a message a person can act on. */
  private void namedPhases(EnvironmentSnapshot s, List<Violation> out) {
    for (Obj o : s.envs().values()) {
      List<String> problems = StatusContract.problems(o);
      if (!problems.isEmpty()) {
        out.add(violation(Invariant.NAMED_PHASE, o.name() + ": " + String.join("; ", problems)));
      }
    }
  }

  /** 5: a deletion is finished, or visibly blocked while a cause is present. */
  private void deletionsFinish(EnvironmentSnapshot s, List<Violation> out) {
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
  private void invalidSourceWritesNothing(EnvironmentSnapshot s, List<Violation> out) {
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
          && !s.schemaClaimed(w.model, e.engine, e.schema, e)) {
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

  private static Violation violation(Invariant invariant, String detail) {
    return new Violation(invariant, detail);
  }
}
