package dev.slipway.environment;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The policy's time-to-live, written like {@code 168h}, {@code 90m} or {@code 36h30m}. */
final class Ttl {
  private static final Pattern FORMAT = Pattern.compile("^(?:([0-9]+)h)?(?:([0-9]+)m)?$");

  private Ttl() {}

  /** Empty when no TTL is set (environments live until deleted). */
  static Optional<Duration> parse(String ttl) {
    if (ttl == null || ttl.isEmpty()) return Optional.empty();
    Matcher m = FORMAT.matcher(ttl);
    if (!m.matches()) throw new IllegalArgumentException("ttl " + ttl + " is not like 168h or 90m");
    Duration d = Duration.ZERO;
    if (m.group(1) != null) d = d.plusHours(Long.parseLong(m.group(1)));
    if (m.group(2) != null) d = d.plusMinutes(Long.parseLong(m.group(2)));
    return d.isZero() ? Optional.empty() : Optional.of(d);
  }
}
