package dev.slipway.cli.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.scheduledtask.RunText;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code kubectl slipway run NAME}: starts one run of a ScheduledTask now, outside its schedule.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Start one run of a ScheduledTask now, outside its schedule: sets "
            + ScheduledTask.RUN_NOW_ANNOTATION
            + " on it; the operator starts the run at its next pass and lists it in status.runs"
            + " with trigger RunNow. Refused (exit 1) unless its phase is Scheduled, Suspended or"
            + " Sleeping, or with --force.")
public final class RunNowCommand extends AnnotationVerb {
  @Override
  AnnotationAction action() {
    return AnnotationAction.RUN_NOW;
  }

  /**
   * Under engine Operator a run still going makes the concurrency policy decide: the operator
   * applies it to a run-now as to a slot, and under Forbid records this one as Skipped, which the
   * person should not learn from status only. Under EventBridgeScheduler a run-now starts whatever
   * runs, like the scheduler's own runs (OperatorEngine.policy).
   */
  @Override
  List<String> warnings(JsonNode task) {
    if (!"Operator".equals(task.at("/spec/engine").asText())) return List.of();
    String going = null;
    for (JsonNode run : task.at("/status/runs")) {
      if (RunText.running(run.path("result").asText())) going = run.path("slot").asText("?");
    }
    if (going == null) return List.of();
    String policy = task.at("/spec/concurrencyPolicy").asText("");
    return switch (policy.isEmpty() ? "Forbid" : policy) {
      case "Forbid" ->
          List.of(
              "the run of "
                  + going
                  + " is still going; under concurrencyPolicy Forbid"
                  + (policy.isEmpty() ? " (the default)" : "")
                  + " the operator skips this run (it shows as Skipped)");
      case "Replace" ->
          List.of(
              "the run of "
                  + going
                  + " is still going; concurrencyPolicy Replace stops it for this run");
      default -> List.of();
    };
  }
}
