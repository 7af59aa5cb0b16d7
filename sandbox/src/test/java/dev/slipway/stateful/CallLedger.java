package dev.slipway.stateful;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the operator's passes did to AWS, as the test saw it on the wire: who created each resource,
 * and every modification and destruction with the pass that made it. This is ground truth the
 * invariants judge ownership by; it does not depend on the tags Slipway writes.
 */
final class CallLedger {
  /**
   * A modification or destruction of one resource by one pass; {@code creator} is whose pass
   * created it (null when no pass of the operator did).
   */
  record Effect(String resource, Actor actor, String call, Actor creator) {}

  private final Map<String, Actor> creators = new LinkedHashMap<>();
  private final Map<String, Actor> formerCreators = new LinkedHashMap<>();
  private final List<Effect> destroyed = new ArrayList<>();
  private final List<Effect> modified = new ArrayList<>();
  private volatile Actor current;
  private long mutations;

  /** The pass now running, or null between passes. */
  void during(Actor actor) {
    current = actor;
  }

  Actor current() {
    return current;
  }

  /**
   * A create call succeeded. AWS answers some creates with the existing resource (same name and
   * settings, or the same clientToken): then it stays its first creator's.
   */
  synchronized void created(String resource) {
    creators.putIfAbsent(resource, current);
  }

  /** A delete succeeded: the resource is gone, and a later create of the same name is new. */
  synchronized void destroyed(String resource, String call) {
    Actor creator = creators.remove(resource);
    if (creator != null) formerCreators.put(resource, creator);
    // A second delete of something already gone still acts on its creator's resource.
    destroyed.add(
        new Effect(
            resource, current, call, creator != null ? creator : formerCreators.get(resource)));
  }

  synchronized void modified(String resource, String call) {
    modified.add(new Effect(resource, current, call, creators.get(resource)));
  }

  /** Counts a successful call that changed something in AWS (for "nothing changes" in settle). */
  synchronized void mutated() {
    mutations++;
  }

  synchronized long mutations() {
    return mutations;
  }

  synchronized Optional<Actor> creatorOf(String resource) {
    return Optional.ofNullable(creators.get(resource));
  }

  /** Resources whose creating pass belonged to an actor matching {@code who}. */
  synchronized Set<String> createdBy(Predicate<Actor> who) {
    Set<String> out = new java.util.LinkedHashSet<>();
    creators.forEach(
        (r, a) -> {
          if (a != null && who.test(a)) out.add(r);
        });
    return out;
  }

  synchronized List<Effect> destroyed() {
    return List.copyOf(destroyed);
  }

  synchronized List<Effect> modified() {
    return List.copyOf(modified);
  }
}
