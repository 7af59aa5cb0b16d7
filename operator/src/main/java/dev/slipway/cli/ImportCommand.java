package dev.slipway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code slipway import SOURCE FILE}: manifests from another tool's configuration. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Turn another tool's configuration into Slipway manifests; ecschedule: ScheduledTasks.",
      "Exit 0 written, 2 the file cannot be imported, 1 the output cannot be written."
    },
    subcommands = {ImportEcscheduleCommand.class})
public final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "name what to import from: ecschedule");
  }
}
