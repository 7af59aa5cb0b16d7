package dev.slipway.sandbox.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** Offset-based nextToken pagination with AWS's maxResults limits. */
final class Pagination {
  /** One page and the token for the next one (null on the last page). */
  record Page<T>(List<T> items, String nextToken) {}

  private Pagination() {}

  static <T> Page<T> page(
      List<T> all,
      String token,
      Integer maxResults,
      int defaultMax,
      int limit,
      Function<String, RuntimeException> invalid) {
    int max = maxResults == null ? defaultMax : maxResults;
    if (max < 1 || max > limit) {
      throw invalid.apply("maxResults must be between 1 and " + limit + ".");
    }
    int from = decode(token, invalid);
    if (from > all.size()) throw invalid.apply("Invalid nextToken.");
    int to = Math.min(all.size(), from + max);
    String next = to < all.size() ? encode(to) : null;
    return new Page<>(List.copyOf(all.subList(from, to)), next);
  }

  private static String encode(int offset) {
    return Base64.getEncoder()
        .encodeToString(("sim-offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String token, Function<String, RuntimeException> invalid) {
    if (token == null || token.isEmpty()) return 0;
    try {
      String s = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      if (!s.startsWith("sim-offset:")) throw invalid.apply("Invalid nextToken.");
      return Integer.parseInt(s.substring("sim-offset:".length()));
    } catch (IllegalArgumentException e) {
      throw invalid.apply("Invalid nextToken.");
    }
  }
}
