package dev.slipway.environment;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The branch policy's {@code match} glob: {@code *} matches within one {@code /} segment, {@code
 * **} across segments, {@code ?} one character other than {@code /}; everything else is literal.
 */
public final class GlobMatcher {
  private final String glob;
  private final Pattern regex;

  private GlobMatcher(String glob) {
    this.glob = glob;
    this.regex = Pattern.compile(toRegex(glob));
  }

  /** A matcher for a non-empty glob. */
  public static GlobMatcher of(String glob) {
    Objects.requireNonNull(glob, "glob");
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("branch match glob must not be empty");
    }
    return new GlobMatcher(glob);
  }

  /** Whether the whole branch name matches. */
  public boolean matches(String branch) {
    return branch != null && regex.matcher(branch).matches();
  }

  /** The glob as written. */
  public String glob() {
    return glob;
  }

  static String toRegex(String glob) {
    StringBuilder out = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      flush(out, literal);
      if (c == '?') {
        out.append("[^/]");
      } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        out.append(".*");
        i++;
      } else {
        out.append("[^/]*");
      }
    }
    flush(out, literal);
    return out.toString();
  }

  private static void flush(StringBuilder out, StringBuilder literal) {
    if (literal.length() > 0) {
      out.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  @Override
  public String toString() {
    return "GlobMatcher[" + glob + "]";
  }
}
