package dev.slipway.ecschedule;

import dev.slipway.api.v1alpha1.ScheduledTask;
import java.util.List;

/**
 * One ecschedule rule as a ScheduledTask, with what did not carry over and what to check.
 *
 * @param rule the rule's name in the config
 * @param task the manifest
 * @param unmapped settings of the rule the manifest does not have, each with why
 * @param notes assumptions the manifest makes, for a person to confirm before applying
 */
public record ImportedTask(
    String rule, ScheduledTask task, List<String> unmapped, List<String> notes) {
  public ImportedTask {
    unmapped = List.copyOf(unmapped);
    notes = List.copyOf(notes);
  }

  public String name() {
    return task.getMetadata().getName();
  }
}
