package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's live view: one line per resource (name, phase, running/desired, message). On a
 * terminal it redraws a table; elsewhere (CI, pipes) it prints a line only when one changes.
 */
final class ProgressView {
  private final PrintStream out;
  private final boolean redraw;
  private final Map<String, String> lastLines = new HashMap<>();
  private int drawnLines;

  ProgressView(PrintStream out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  void show(List<ServiceRelease> releases) {
    List<String> lines = releases.stream().map(ProgressView::line).sorted().toList();
    if (redraw) {
      if (drawnLines > 0) out.print("\033[" + drawnLines + "F\033[J");
      out.println(String.format("%-34s %-12s %-8s %s", "RESOURCE", "PHASE", "RUNNING", "MESSAGE"));
      lines.forEach(out::println);
      drawnLines = lines.size() + 1;
    } else {
      for (ServiceRelease sr : releases) {
        String key = key(sr);
        String line = line(sr);
        if (!line.equals(lastLines.put(key, line))) out.println(line);
      }
    }
    out.flush();
  }

  static String key(ServiceRelease sr) {
    return sr.getMetadata().getNamespace() + "/" + sr.getMetadata().getName();
  }

  private static String line(ServiceRelease sr) {
    ServiceReleaseStatus s = sr.getStatus();
    String phase = s == null || s.phase == null ? "Pending" : s.phase.name();
    String running = s == null || s.replicas == null ? "-" : s.replicas;
    String message = s == null || s.message == null ? "" : s.message;
    if (message.length() > 110) message = message.substring(0, 107) + "...";
    return String.format("%-34s %-12s %-8s %s", key(sr), phase, running, message);
  }
}
