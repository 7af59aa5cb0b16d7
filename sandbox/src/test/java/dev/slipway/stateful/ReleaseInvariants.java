package dev.slipway.stateful;

import dev.slipway.sandbox.sim.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ServiceRelease invariants. What must never happen (touching what another tool made,
 * destroying another release's revision, losing what Retain keeps) is checked after every step;
 * what must eventually hold (Delete cleaned up, deletions finished, named phases) once settled.
 */
final class ReleaseInvariants {
  private final ReleaseWorld w;
  private int destroyedChecked;
  private int modifiedChecked;

  ReleaseInvariants(ReleaseWorld world) {
    this.w = world;
  }

  List<Violation> check(boolean settled) {
    List<Violation> out = new ArrayList<>();
    Inventory inventory = w.account.inventory();
    Set<String> resources = SimAccount.keys(inventory);
    Map<String, Obj> live = new LinkedHashMap<>();
    w.api.list(Api.RELEASE).forEach(o -> live.put(o.uid(), o));
    foreignUntouched(inventory, resources, out);
    destroyedOnlyOwn(out);
    retainKeeps(live, resources, out);
    if (!settled) return out;
    deleteRemovesOwn(live, resources, out);
    namedPhases(live, out);
    deletionsFinish(live, out);
    return out;
  }

  /** SR-1: the other tool's service and revisions are as it left them. */
  private void foreignUntouched(Inventory inventory, Set<String> resources, List<Violation> out) {
    Inventory.ServiceInfo now = ReleaseWorld.foreignService(inventory);
    Inventory.ServiceInfo before = w.foreignService;
    if (now == null) {
      out.add(
          violation(
              Invariant.FOREIGN_UNTOUCHED,
              "the foreign service " + ReleaseWorld.FOREIGN_SERVICE + " is gone"));
    } else if (!now.taskDefinition().equals(before.taskDefinition())
        || now.desiredCount() != before.desiredCount()) {
      out.add(
          violation(
              Invariant.FOREIGN_UNTOUCHED,
              "the foreign service was changed: "
                  + before.taskDefinition()
                  + " x"
                  + before.desiredCount()
                  + " -> "
                  + now.taskDefinition()
                  + " x"
                  + now.desiredCount()));
    }
    for (String td : w.foreign) {
      if (ResourceKeys.isTaskDefinition(td) && !resources.contains(td)) {
        out.add(
            violation(Invariant.FOREIGN_UNTOUCHED, "foreign revision " + td + " was deregistered"));
      }
    }
    List<CallLedger.Effect> modified = w.ledger.modified();
    for (CallLedger.Effect m : modified.subList(modifiedChecked, modified.size())) {
      if (w.foreign.contains(m.resource())) {
        out.add(
            violation(
                Invariant.FOREIGN_UNTOUCHED,
                m.actor() + " " + m.call() + " on foreign " + m.resource()));
      }
    }
    modifiedChecked = modified.size();
  }

  /** SR-1 and SR-3: every destruction targets what the destroying release itself created. */
  private void destroyedOnlyOwn(List<Violation> out) {
    List<CallLedger.Effect> destroyed = w.ledger.destroyed();
    for (CallLedger.Effect d : destroyed.subList(destroyedChecked, destroyed.size())) {
      if (d.creator() == null) {
        out.add(
            violation(
                Invariant.FOREIGN_UNTOUCHED,
                d.actor()
                    + " "
                    + d.call()
                    + " "
                    + d.resource()
                    + ", which Slipway did not create"));
      } else if (d.actor() == null || !w.lineage.within(d.creator().uid(), d.actor().uid())) {
        out.add(
            violation(
                Invariant.DELETE_REMOVES_OWN,
                d.actor()
                    + " "
                    + d.call()
                    + " "
                    + d.resource()
                    + ", which "
                    + d.creator()
                    + " created"));
      }
    }
    destroyedChecked = destroyed.size();
  }

  /** SR-2: what a release deleted with Retain held when it was deleted is still there. */
  private void retainKeeps(Map<String, Obj> live, Set<String> resources, List<Violation> out) {
    for (ReleaseWorld.Release r : w.releases.values()) {
      if (r.deletedWith != ReleaseSteps.Policy.Retain) continue;
      List<String> lost = r.heldAtDeletion.stream().filter(k -> !resources.contains(k)).toList();
      if (!lost.isEmpty()) {
        out.add(
            violation(
                Invariant.RETAIN_KEEPS,
                r.name
                    + " (Retain"
                    + (live.containsKey(r.uid) ? ", still deleting" : ", deleted")
                    + ") lost "
                    + lost));
      }
    }
  }

  /** SR-3: a release deleted with Delete leaves nothing it created. */
  private void deleteRemovesOwn(Map<String, Obj> live, Set<String> resources, List<Violation> out) {
    for (ReleaseWorld.Release r : w.releases.values()) {
      if (r.deletedWith != ReleaseSteps.Policy.Delete || live.containsKey(r.uid)) continue;
      Set<String> left = w.ledger.createdBy(a -> a.uid().equals(r.uid));
      left.retainAll(resources);
      if (!left.isEmpty()) {
        out.add(violation(Invariant.DELETE_REMOVES_OWN, r.name + " (Delete, gone) left " + left));
      }
    }
  }

  /** SR-4: a phase and a Ready condition with a reason and a message a person can act on. */
  private void namedPhases(Map<String, Obj> live, List<Violation> out) {
    for (Obj o : live.values()) {
      List<String> problems = StatusContract.problems(o);
      if (!problems.isEmpty()) {
        out.add(
            violation(
                Invariant.RELEASE_NAMED_PHASE, o.name() + ": " + String.join("; ", problems)));
      }
    }
  }

  /** SR-5: nothing blocks a release's deletion in these sequences, so it must be finished. */
  private void deletionsFinish(Map<String, Obj> live, List<Violation> out) {
    live.values().stream()
        .filter(Obj::deleting)
        .forEach(
            o ->
                out.add(
                    violation(
                        Invariant.RELEASE_DELETION_FINISHES,
                        o.name() + " is still there after its deletion: " + o.summary())));
  }

  private static Violation violation(Invariant invariant, String detail) {
    return new Violation(invariant, detail);
  }
}
