package dev.slipway.release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds a {@code dependsOn} cycle through one ServiceRelease (pure: the caller says how to read
 * another release's dependencies, from the API or from the files given to {@code slipway verify}).
 *
 * <p>Only a cycle that contains the release makes it Invalid: its own spec is then part of the
 * problem, and whichever member is reconciled first finds the same cycle. A release that merely
 * depends on a member of someone else's cycle is not invalid; it waits for that member, which
 * reports the cycle itself.
 */
public final class DependencyCycles {
  private static final String ADVICE =
      "; no release in it can ever start, remove one of these dependencies";

  /**
   * CEL at the root of the CRD for the one cycle admission can see, a release naming itself (the
   * root is the only place a rule can read metadata.name).
   */
  public static final String CEL_SELF_RULE =
      "!has(self.spec) || !has(self.spec.dependsOn) || !has(self.metadata.name)"
          + " || !self.spec.dependsOn.exists(d, d.name == self.metadata.name)";

  /** {@link #problem} for a self-dependency, in CEL. */
  public static final String CEL_SELF_MESSAGE =
      "'dependency cycle ' + self.metadata.name + ' → ' + self.metadata.name + '" + ADVICE + "'";

  public static final String SELF_MESSAGE = "dependsOn must not name the ServiceRelease itself";

  private DependencyCycles() {}

  /**
   * The cycle through {@code start} as the names along it, from {@code start} back to {@code start}
   * (a self-dependency is {@code [a, a]}); empty when there is none. Dependencies are followed in
   * the order they are declared, so the same graph always gives the same path.
   *
   * @param dependsOn the names a release depends on; empty for a release that does not exist
   */
  public static Optional<List<String>> through(
      String start, Function<String, List<String>> dependsOn) {
    List<String> path = new ArrayList<>(List.of(start));
    Set<String> explored = new HashSet<>(Set.of(start));
    return search(start, start, dependsOn, explored, path) ? Optional.of(path) : Optional.empty();
  }

  /** "a → b → a". */
  public static String describe(List<String> cycle) {
    return String.join(" → ", cycle);
  }

  /** The validation problem for a cycle, worded like the other "field: what" problems. */
  public static String problem(List<String> cycle) {
    return "dependsOn: dependency cycle " + describe(cycle) + ADVICE;
  }

  /**
   * Depth-first from {@code node}; a node already explored cannot lead back to {@code start}
   * (otherwise the search would have ended there), so each node is expanded at most once.
   */
  private static boolean search(
      String node,
      String start,
      Function<String, List<String>> dependsOn,
      Set<String> explored,
      List<String> path) {
    for (String next : dependsOn.apply(node)) {
      if (next.equals(start)) {
        path.add(next);
        return true;
      }
      if (explored.add(next)) {
        path.add(next);
        if (search(next, start, dependsOn, explored, path)) return true;
        path.remove(path.size() - 1);
      }
    }
    return false;
  }
}
