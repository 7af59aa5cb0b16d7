package dev.slipway.stateful;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The condition contract both kinds promise after every pass: a phase, and a Ready condition with a
 * named reason and a message a person can act on, never a raw exception text.
 */
final class StatusContract {
  private StatusContract() {}

  /** What is wrong with an object's status; empty when it keeps the contract. */
  static List<String> problems(Obj o) {
    List<String> problems = new ArrayList<>();
    if (Texts.blank(o.phase())) problems.add("no phase");
    Optional<Obj.Condition> ready = o.condition("Ready");
    if (ready.isEmpty()) {
      problems.add("no Ready condition");
    } else {
      String reason = ready.get().reason();
      String message = ready.get().message();
      if (!Texts.namedReason(reason)) problems.add("Ready reason '" + reason + "'");
      if (Texts.blank(message)) problems.add("blank Ready message");
      if (Texts.looksLikeException(message)) {
        problems.add("Ready message is an exception: " + Texts.shorten(message));
      }
    }
    if (Texts.looksLikeException(o.message())) {
      problems.add("message is an exception: " + Texts.shorten(o.message()));
    }
    return problems;
  }
}
