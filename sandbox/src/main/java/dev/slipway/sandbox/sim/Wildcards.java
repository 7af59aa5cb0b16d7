package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.regex.Pattern;

/** ALB condition matching: '*' (zero or more characters) and '?' (exactly one), or a regex. */
final class Wildcards {
  private Wildcards() {}

  static boolean matches(String pattern, String value, boolean caseSensitive) {
    if (pattern == null || value == null) return false;
    StringBuilder re = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      if (ch == '*') re.append(".*");
      else if (ch == '?') re.append('.');
      else re.append(Pattern.quote(String.valueOf(ch)));
    }
    int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE;
    return Pattern.compile(re.toString(), flags | Pattern.DOTALL).matcher(value).matches();
  }

  static boolean any(List<String> patterns, String value, boolean caseSensitive) {
    return patterns != null && patterns.stream().anyMatch(p -> matches(p, value, caseSensitive));
  }

  static boolean anyRegex(List<String> regexes, String value) {
    return value != null
        && regexes != null
        && regexes.stream().anyMatch(r -> Pattern.compile(r).matcher(value).find());
  }
}
