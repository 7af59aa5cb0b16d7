package dev.slipway.dashboard;

import java.time.Duration;
import java.time.Instant;

/** Plain-words distance between two instants: "in 3 days", "5 minutes ago", "just now". */
final class RelativeTime {
  private RelativeTime() {}

  static String describe(Instant then, Instant now) {
    Duration d = Duration.between(now, then);
    boolean future = !d.isNegative() && !d.isZero();
    long seconds = Math.abs(d.getSeconds());
    if (seconds < 45) return future ? "in less than a minute" : "just now";
    String amount = amount(seconds);
    return future ? "in " + amount : amount + " ago";
  }

  /** Rounded to the nearest unit people use for it. */
  private static String amount(long seconds) {
    long minutes = Math.round(seconds / 60.0);
    if (minutes < 60) return plural(Math.max(1, minutes), "minute");
    long hours = Math.round(seconds / 3600.0);
    if (hours < 24) return plural(hours, "hour");
    long days = Math.round(seconds / 86400.0);
    return plural(days, "day");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
