package dev.slipway.environment.refresh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which indices of a refresh's {@code indices} expression a list of names holds: comma-separated
 * names and patterns ({@code *} matches any run of characters), a token starting with {@code -}
 * removes what it matches from what the tokens before it selected (a leading one from everything).
 * System indices, whose names start with a dot, are never selected: the refresh neither deletes nor
 * restores them, whatever the expression says.
 */
public record IndexSelection(String expression) {

  /** The default: every index that is not a system index. */
  static final String ALL = "*";

  public IndexSelection {
    expression = expression == null || expression.isBlank() ? ALL : expression.trim();
  }

  /** The selected names, in the order given. */
  List<String> select(Collection<String> names) {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (!name.startsWith(".") && matches(name)) out.add(name);
    }
    return out;
  }

  boolean matches(String name) {
    String[] tokens = expression.split(",");
    boolean selected = false;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i].trim();
      if (t.isEmpty()) continue;
      if (t.startsWith("-")) {
        if (i == 0) selected = true;
        if (glob(t.substring(1), name)) selected = false;
      } else if (glob(t, name)) {
        selected = true;
      }
    }
    return selected;
  }

  /** True when a token would select system indices by name (".kibana*"), which is refused. */
  public static boolean namesSystemIndices(String expression) {
    if (expression == null) return false;
    for (String t : expression.split(",")) {
      String token = t.trim();
      if (token.startsWith(".") || token.startsWith("_")) return true;
    }
    return false;
  }

  private static boolean glob(String pattern, String name) {
    if (!pattern.contains("*")) return pattern.equals(name);
    String regex =
        Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*"));
    return name.matches(regex);
  }
}
