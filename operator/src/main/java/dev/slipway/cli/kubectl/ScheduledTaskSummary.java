package dev.slipway.cli.kubectl;

import static dev.slipway.cli.kubectl.StatusReport.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.scheduledtask.RunText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ScheduledTask's part of {@code kubectl slipway status}: when it runs and on what, the next run,
 * the last result and the counts, then its latest runs with their exit codes.
 */
final class ScheduledTaskSummary {
  /** Runs shown; status keeps up to historyLimit finished ones, {@code -o yaml} shows them all. */
  static final int RUNS = 5;

  /** Status fields summarised here, or left to {@code -o yaml} on purpose. */
  static final Set<String> FIELDS =
      Set.of(
          "observedGeneration",
          "phase",
          "message",
          "conditions",
          "engine",
          "scheduleArn",
          "taskDefinitionArn",
          "nextRunTime",
          "lastRunTime",
          "lastResult",
          "lastSuccessTime",
          "succeeded",
          "failed",
          "skipped",
          "runs",
          "lastDecidedSlot",
          "runNowAcknowledged");

  private ScheduledTaskSummary() {}

  static void render(LabelledLines out, JsonNode spec, JsonNode status) {
    out.line("Schedule", schedule(spec, status));
    out.line("EventBridge", text(status.path("scheduleArn")));
    String revision = StatusReport.revision(text(status.path("taskDefinitionArn")));
    String release = text(spec.at("/releaseRef/name"));
    out.line(
        "Task",
        release == null
            ? revision
            : (revision == null ? "" : revision + " ") + "of ServiceRelease " + release);
    out.line("Next run", text(status.path("nextRunTime")));
    out.line("Last result", text(status.path("lastResult")));
    out.line("Last run", text(status.path("lastRunTime")));
    out.line("Last success", text(status.path("lastSuccessTime")));
    if (status.has("succeeded") || status.has("failed") || status.has("skipped")) {
      out.line(
          "Counts",
          status.path("succeeded").asLong()
              + " succeeded, "
              + status.path("failed").asLong()
              + " failed, "
              + status.path("skipped").asLong()
              + " skipped");
    }
    runs(out, status.path("runs"));
  }

  /** {@code cron(0 3 * * ? *) in Asia/Tokyo, engine EventBridgeScheduler}. */
  static String schedule(JsonNode spec, JsonNode status) {
    String schedule = text(spec.path("schedule"));
    if (schedule == null) return null;
    String zone = text(spec.path("timeZone"));
    String engine = text(status.path("engine"));
    if (engine == null) engine = text(spec.path("engine"));
    String policy = text(spec.path("concurrencyPolicy"));
    return schedule
        + (zone == null || zone.equals("UTC") ? "" : " in " + zone)
        + (engine == null ? "" : ", engine " + engine)
        + (policy == null ? "" : ", concurrencyPolicy " + policy)
        + (spec.path("suspend").asBoolean() ? ", suspended" : "");
  }

  /** The latest runs, newest first as status keeps them, one row each. */
  private static void runs(LabelledLines out, JsonNode runs) {
    if (!runs.isArray() || runs.isEmpty()) return;
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SLOT", "TRIGGER", "RESULT", "EXIT CODES", "DURATION", "REASON"});
    for (int i = 0; i < Math.min(RUNS, runs.size()); i++) rows.add(row(runs.get(i)));
    String title =
        runs.size() > RUNS
            ? "Runs (latest " + RUNS + " of " + runs.size() + ", newest first):"
            : "Runs (newest first):";
    out.title(title + "\n" + Columns.format(rows, "  ").stripTrailing());
  }

  static String[] row(JsonNode run) {
    String result = run.path("result").asText("?");
    Map<String, Integer> codes = new LinkedHashMap<>();
    run.path("exitCodes")
        .fields()
        .forEachRemaining(e -> codes.put(e.getKey(), e.getValue().asInt()));
    Long seconds = run.hasNonNull("durationSeconds") ? run.get("durationSeconds").asLong() : null;
    // ECS's stop reason of a success ("Essential container in task exited") says nothing new.
    String reason =
        RunText.running(result) || RunText.succeeded(result) ? null : text(run.path("stopReason"));
    return new String[] {
      run.path("slot").asText("?"),
      run.path("trigger").asText("-"),
      result,
      RunText.exitCodes(codes),
      RunText.duration(seconds),
      reason == null ? "" : reason.replaceAll("\\s*\\R\\s*", " ")
    };
  }
}
