package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's live view: one line per release (name, phase, running/desired, message) and per
 * staging environment (name, phase, branch, URL once Ready). On a terminal it redraws a table;
 * elsewhere (CI, pipes) it prints a line only when one changes.
 */
final class ProgressView {
  private static final String RELEASE_ROW = "%-34s %-12s %-8s %s";
  private static final String ENVIRONMENT_ROW = "%-34s %-12s %-20s %s";

  private final PrintStream out;
  private final boolean redraw;
  private final Map<String, String> lastLines = new HashMap<>();
  private int drawnLines;

  ProgressView(PrintStream out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  void show(List<ServiceRelease> releases, List<StagingEnvironment> environments) {
    Map<String, String> lines = new HashMap<>();
    // Prefixed keys: a release and an environment may share a name.
    releases.forEach(sr -> lines.put("release " + key(sr), line(sr)));
    environments.forEach(env -> lines.put("environment " + key(env), line(env)));
    if (redraw) redraw(releases, environments);
    else printChanged(lines);
    out.flush();
  }

  private void redraw(List<ServiceRelease> releases, List<StagingEnvironment> environments) {
    List<String> table = new ArrayList<>();
    table.add(String.format(RELEASE_ROW, "RESOURCE", "PHASE", "RUNNING", "MESSAGE"));
    releases.stream().map(ProgressView::line).sorted().forEach(table::add);
    if (!environments.isEmpty()) {
      table.add(String.format(ENVIRONMENT_ROW, "ENVIRONMENT", "PHASE", "BRANCH", "URL / MESSAGE"));
      environments.stream().map(ProgressView::line).sorted().forEach(table::add);
    }
    if (drawnLines > 0) out.print("\033[" + drawnLines + "F\033[J");
    table.forEach(out::println);
    drawnLines = table.size();
  }

  private void printChanged(Map<String, String> lines) {
    lines.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(e -> !e.getValue().equals(lastLines.put(e.getKey(), e.getValue())))
        .forEach(e -> out.println(e.getValue()));
  }

  static String key(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private static String line(ServiceRelease sr) {
    ServiceReleaseStatus s = sr.getStatus();
    String phase = s == null || s.phase == null ? "Pending" : s.phase.name();
    String running = s == null || s.replicas == null ? "-" : s.replicas;
    return String.format(
        RELEASE_ROW, key(sr), phase, running, shorten(s == null ? null : s.message));
  }

  private static String line(StagingEnvironment env) {
    StagingEnvironmentStatus s = env.getStatus();
    String phase = s == null || s.phase == null ? "Pending" : s.phase.name();
    String branch = env.isBranch() ? env.getSpec().branch : "(shared)";
    boolean ready = s != null && s.phase == StagingEnvironmentStatus.Phase.Ready;
    String detail = ready && s.url != null ? s.url : shorten(s == null ? null : s.message);
    return String.format(ENVIRONMENT_ROW, key(env), phase, branch, detail);
  }

  private static String shorten(String message) {
    if (message == null) return "";
    return message.length() > 110 ? message.substring(0, 107) + "..." : message;
  }
}
