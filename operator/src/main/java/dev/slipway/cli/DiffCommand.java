package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway diff FILE}: what applying the manifest would change in the live ECS service. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Compare the manifest with the live ECS service and task definition. Exit 0 no changes,"
            + " 1 changes, 2 invalid manifest, 3 AWS error.")
public final class DiffCommand extends VerbCommand {
  @Override
  String verb() {
    return "diff";
  }
}
