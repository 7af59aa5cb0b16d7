package dev.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway render FILE}: the AWS requests the operator would send, without calling AWS. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Print the ECS and Application Auto Scaling requests the operator would send for a fresh"
            + " service. Exit 0, or 2 when the manifest is invalid.")
public final class RenderCommand extends VerbCommand {
  @Option(
      names = "--format",
      defaultValue = "json",
      description = "json or yaml (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  String verb() {
    return "render";
  }

  @Override
  String format() {
    return "yaml".equals(format) ? "yaml" : "json";
  }
}
