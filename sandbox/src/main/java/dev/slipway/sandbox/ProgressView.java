package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's live view: one line per release (name, phase, running/desired, message), per
 * staging environment (name, phase, branch, URL once Ready) and per scheduled task (name, phase,
 * schedule, next run, last result, counts), and a line per finished run of a task. On a terminal it
 * redraws a table, with each task's latest finished runs; elsewhere (CI, pipes) it prints a line
 * only when one changes, and each finished run once.
 */
final class ProgressView {
  private static final String RELEASE_ROW = "%-34s %-12s %-8s %s";
  private static final String ENVIRONMENT_ROW = "%-34s %-12s %-20s %s";

  /** Finished runs drawn under each task on a terminal. */
  private static final int RUNS_DRAWN = 3;

  private final PrintStream out;
  private final boolean redraw;
  private final Map<String, String> lastLines = new HashMap<>();
  private final Set<String> runsShown = new HashSet<>();
  private int drawnLines;

  ProgressView(PrintStream out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  void show(
      List<ServiceRelease> releases,
      List<StagingEnvironment> environments,
      List<ScheduledTask> tasks) {
    Map<String, String> lines = new HashMap<>();
    // Prefixed keys: a release, an environment and a task may share a name.
    releases.forEach(sr -> lines.put("release " + key(sr), line(sr)));
    environments.forEach(env -> lines.put("environment " + key(env), line(env)));
    tasks.forEach(st -> lines.put("task " + key(st), ScheduledTaskLines.line(st)));
    if (redraw) {
      redraw(releases, environments, tasks);
    } else {
      printChanged(lines);
      printFinishedRuns(tasks);
    }
    out.flush();
  }

  private void redraw(
      List<ServiceRelease> releases,
      List<StagingEnvironment> environments,
      List<ScheduledTask> tasks) {
    List<String> table = new ArrayList<>();
    table.add(String.format(RELEASE_ROW, "RESOURCE", "PHASE", "RUNNING", "MESSAGE"));
    releases.stream().map(ProgressView::line).sorted().forEach(table::add);
    if (!environments.isEmpty()) {
      table.add(String.format(ENVIRONMENT_ROW, "ENVIRONMENT", "PHASE", "BRANCH", "URL / MESSAGE"));
      environments.stream().map(ProgressView::line).sorted().forEach(table::add);
    }
    if (!tasks.isEmpty()) {
      table.add(
          String.format(
              ScheduledTaskLines.ROW,
              "SCHEDULED TASK",
              "PHASE",
              "SCHEDULE",
              "NEXT RUN, LAST RESULT, COUNTS / MESSAGE"));
      tasks.stream()
          .sorted(Comparator.comparing(ProgressView::key))
          .forEach(
              st -> {
                table.add(ScheduledTaskLines.line(st));
                // The latest few: the table must stay shorter than the terminal.
                List<ScheduledTaskLines.Run> runs = ScheduledTaskLines.finishedRuns(st);
                runs.subList(Math.max(0, runs.size() - RUNS_DRAWN), runs.size())
                    .forEach(r -> table.add(r.line()));
              });
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

  /** Each finished run once, oldest first, after the lines that changed. */
  private void printFinishedRuns(List<ScheduledTask> tasks) {
    tasks.stream()
        .sorted(Comparator.comparing(ProgressView::key))
        .flatMap(st -> ScheduledTaskLines.finishedRuns(st).stream())
        .filter(r -> runsShown.add(r.id()))
        .forEach(r -> out.println(r.line()));
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

  static String shorten(String message) {
    if (message == null) return "";
    return message.length() > 110 ? message.substring(0, 107) + "..." : message;
  }
}
