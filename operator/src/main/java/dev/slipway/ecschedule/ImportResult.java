package dev.slipway.ecschedule;

import java.util.List;

/**
 * Every rule of a config as a ScheduledTask, in config order, and the notes that hold for all.
 *
 * @param tasks one per rule
 * @param unmapped config-wide settings that did not carry over
 * @param notes config-wide assumptions (roles' trust, retries)
 */
public record ImportResult(List<ImportedTask> tasks, List<String> unmapped, List<String> notes) {
  public ImportResult {
    tasks = List.copyOf(tasks);
    unmapped = List.copyOf(unmapped);
    notes = List.copyOf(notes);
  }
}
