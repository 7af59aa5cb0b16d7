package dev.slipway.sandbox.sim;

import java.util.List;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskOverride;

/** Works out the command line a one-off task's essential container runs. */
final class OneOffCommand {
  private OneOffCommand() {}

  /** The override's command for the essential container, else the task definition's; joined. */
  static String of(TaskDefinition td, TaskOverride overrides) {
    ContainerDefinition essential =
        td.containerDefinitions().stream()
            .filter(c -> c.essential() == null || c.essential())
            .findFirst()
            .orElse(td.containerDefinitions().get(0));
    List<String> command = essential.command();
    if (overrides != null) {
      for (ContainerOverride o : overrides.containerOverrides()) {
        if (essential.name().equals(o.name()) && o.hasCommand()) {
          command = o.command();
        }
      }
    }
    return command == null ? "" : String.join(" ", command);
  }
}
