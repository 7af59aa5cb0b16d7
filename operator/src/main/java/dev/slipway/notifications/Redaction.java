package dev.slipway.notifications;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that leaves a delivery (status, Events, logs): every URL is cut to
 * its scheme and host, because a Slack webhook's or a generic webhook's URL is itself the secret,
 * and every value read from a Secret is replaced by {@code ***}.
 */
public final class Redaction {
  /** Values shorter than this are not searched for: they would mangle ordinary words. */
  static final int MIN_SECRET_LENGTH = 4;

  /**
   * scheme, user info (dropped), host[:port], then the rest: path, query or fragment, not counting
   * punctuation that ends a sentence ("…/x: HTTP 500").
   */
  private static final Pattern URL =
      Pattern.compile(
          "(?i)\\b(https?)://(?:[^/\\s?#@\"'<>]*@)?([^/\\s?#\"'<>]+)"
              + "((?:[/?#][^\\s\"'<>]*[^\\s\"'<>.,:;!?)\\]])?)");

  private Redaction() {}

  /** {@code text} with URLs cut to scheme and host and every one of {@code secrets} hidden. */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null) return null;
    String out = maskUrls(text);
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_SECRET_LENGTH) out = out.replace(secret, "***");
    }
    return out;
  }

  /** https://hooks.slack.com/services/T0/B0/x → https://hooks.slack.com/…; user info dropped. */
  static String maskUrls(String text) {
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String rest = m.group(3).isEmpty() ? "" : "/…";
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "://" + m.group(2) + rest));
    }
    m.appendTail(out);
    return out.toString();
  }
}
