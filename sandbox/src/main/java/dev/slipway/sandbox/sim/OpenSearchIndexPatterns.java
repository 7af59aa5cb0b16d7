package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Resolves OpenSearch multi-target expressions ("a,b", "logs-*", "_all", "*,-.*") over a set of
 * index names. A "-" token removes what it matches from what the tokens before it selected.
 */
final class OpenSearchIndexPatterns {
  private OpenSearchIndexPatterns() {}

  /** What an expression selected, and the explicit (wildcard-free) names that matched nothing. */
  record Resolved(SortedSet<String> names, List<String> missing) {}

  /**
   * @param leadingExclusionSelectsAll snapshot restore reads "-.kibana*,-.opendistro*" as "all but
   *     those" (SnapshotUtils.filterIndices); the index APIs do not, and see a bad name.
   */
  static Resolved resolve(
      String expression, Collection<String> available, boolean leadingExclusionSelectsAll) {
    SortedSet<String> names = new TreeSet<>();
    List<String> missing = new ArrayList<>();
    if (expression == null || expression.isBlank()) {
      names.addAll(available);
      return new Resolved(names, missing);
    }
    String[] tokens = expression.split(",");
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i].trim();
      if (t.isEmpty()) continue;
      boolean exclude = t.startsWith("-") && (i > 0 || leadingExclusionSelectsAll);
      if (exclude) {
        if (i == 0) names.addAll(available);
        String p = t.substring(1);
        names.removeIf(n -> matches(p, n));
      } else if (t.equals("_all") || t.contains("*")) {
        available.stream().filter(n -> matches(t, n)).forEach(names::add);
      } else if (available.contains(t)) {
        names.add(t);
      } else {
        missing.add(t);
      }
    }
    return new Resolved(names, missing);
  }

  static boolean matches(String pattern, String name) {
    if (pattern.equals("_all")) return true;
    if (!pattern.contains("*")) return pattern.equals(name);
    String regex =
        String.join(
            ".*", java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList());
    return name.matches(regex);
  }
}
