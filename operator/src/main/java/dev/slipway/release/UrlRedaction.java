package dev.slipway.release;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps credentials a URL may carry (query-string tokens, user info) out of status, events and
 * logs: URLs are shown with the query string replaced and the user info dropped, and text that may
 * echo them (an error page, an exception message) has those parts replaced wherever they appear.
 */
public final class UrlRedaction {
  static final String REDACTED = "<redacted>";

  /** Shorter query values (page=2, v=1) are not secrets and replacing them would garble text. */
  private static final int MIN_SECRET_LENGTH = 6;

  private UrlRedaction() {}

  /** {@code https://user:pw@host/p?token=x#f} → {@code https://host/p?<redacted>}. */
  public static String redact(String url) {
    if (url == null) return null;
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    int cut = minPositive(query, fragment);
    String base = cut < 0 ? url : url.substring(0, cut);
    boolean hasQuery = query >= 0 && (fragment < 0 || query < fragment);
    return withoutUserInfo(base) + (hasQuery ? "?" + REDACTED : "");
  }

  /** {@code text} with every part of {@code url} that may be secret replaced. */
  public static String scrub(String text, String url) {
    if (text == null || url == null) return text;
    String out = text.replace(url, redact(url));
    for (String secret : secrets(url)) out = out.replace(secret, REDACTED);
    return out;
  }

  /** The user info and the longer query values, raw and decoded, longest first. */
  private static List<String> secrets(String url) {
    List<String> secrets = new ArrayList<>();
    String userInfo = userInfo(url);
    if (userInfo != null) secrets.add(userInfo);
    int query = url.indexOf('?');
    if (query >= 0) {
      int fragment = url.indexOf('#', query);
      String q = fragment < 0 ? url.substring(query + 1) : url.substring(query + 1, fragment);
      secrets.add(q);
      for (String pair : q.split("&")) {
        String value = pair.substring(pair.indexOf('=') + 1);
        secrets.add(value);
        secrets.add(decode(value));
      }
    }
    secrets.removeIf(s -> s.length() < MIN_SECRET_LENGTH);
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return secrets;
  }

  private static String withoutUserInfo(String base) {
    String userInfo = userInfo(base);
    return userInfo == null ? base : base.replace(userInfo + "@", "");
  }

  private static String userInfo(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) return null;
    int start = scheme + 3;
    int end = url.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = url.indexOf(c, start);
      if (i >= 0 && i < end) end = i;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < start ? null : url.substring(start, at);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static int minPositive(int a, int b) {
    if (a < 0) return b;
    if (b < 0) return a;
    return Math.min(a, b);
  }
}
