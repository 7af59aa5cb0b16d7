package dev.slipway.ecschedule;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Kubernetes names for imported rules: DNS-1123 labels (at most 63 of {@code [a-z0-9-]}, starting
 * and ending alphanumeric), so the name also fits wherever the operator derives AWS names from it;
 * two rules that come out the same get {@code -2}, {@code -3}, ... in order of appearance.
 */
final class ResourceNames {
  static final int MAX = 63;

  private final Set<String> taken = new HashSet<>();

  /** {@code Daily_Report.v2} becomes {@code daily-report-v2}. */
  static String label(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-");
    s = trim(s);
    if (s.length() > MAX) s = trim(s.substring(0, MAX));
    return s.isEmpty() ? "rule" : s;
  }

  /** The label of {@code name}, unique among the names this instance has handed out. */
  String unique(String name) {
    String base = label(name);
    String candidate = base;
    for (int n = 2; !taken.add(candidate); n++) {
      String suffix = "-" + n;
      candidate = trim(base.substring(0, Math.min(base.length(), MAX - suffix.length()))) + suffix;
    }
    return candidate;
  }

  private static String trim(String s) {
    return s.replaceAll("^-+|-+$", "");
  }
}
