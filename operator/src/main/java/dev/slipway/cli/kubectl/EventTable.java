package dev.slipway.cli.kubectl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The tail of an object's Events as {@code kubectl describe} shows it: type, reason, age, text. */
final class EventTable {
  private EventTable() {}

  /** The last {@code max} of {@code events} (oldest first), or {@code <none>}; nothing for 0. */
  static String render(List<EventLine> events, int max, Instant now) {
    if (max <= 0) return "";
    if (events.isEmpty()) return "Events:       <none>\n";
    List<EventLine> shown = events.subList(Math.max(0, events.size() - max), events.size());
    String title =
        shown.size() < events.size()
            ? "Events (last " + shown.size() + " of " + events.size() + "):"
            : "Events:";
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TYPE", "REASON", "AGE", "MESSAGE"});
    for (EventLine e : shown) {
      String age = age(e.lastSeen(), now) + (e.count() > 1 ? " (x" + e.count() + ")" : "");
      rows.add(new String[] {text(e.type()), text(e.reason()), age, text(e.message())});
    }
    return title + "\n" + Columns.format(rows, "  ");
  }

  /**
   * kubectl's short ages (45s, 12m, 5h, 3d). A time ahead of this machine's clock (the sandbox's
   * simulated clock runs faster) is shown as itself rather than as a negative age.
   */
  static String age(Instant at, Instant now) {
    if (at == null) return "<unknown>";
    Duration d = Duration.between(at, now);
    if (d.isNegative()) return at.toString();
    long s = d.toSeconds();
    if (s < 120) return s + "s";
    if (s < 120 * 60) return (s / 60) + "m";
    if (s < 48 * 3600) return (s / 3600) + "h";
    return (s / 86400) + "d";
  }

  /** One line per Event: a multi-line message would break the table. */
  private static String text(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
