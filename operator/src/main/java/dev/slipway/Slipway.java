package dev.slipway;

import dev.slipway.cli.BenchCommand;
import dev.slipway.cli.DiffCommand;
import dev.slipway.cli.RenderCommand;
import dev.slipway.cli.RunCommand;
import dev.slipway.cli.SandboxCommand;
import dev.slipway.cli.VerifyCommand;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code slipway run | sandbox | bench | render | diff | verify}. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    version = "slipway 0.1.0",
    description = "Declarative ECS releases and staging/QA environments for Kubernetes.",
    subcommands = {
      RunCommand.class,
      SandboxCommand.class,
      BenchCommand.class,
      RenderCommand.class,
      DiffCommand.class,
      VerifyCommand.class
    })
public final class Slipway {

  public static void main(String[] args) {
    // Logging is configured when the first logger is created, so the format is decided here.
    if (wantsJsonLogs(args)) System.setProperty("logback.configurationFile", "logback-json.xml");
    System.exit(new CommandLine(new Slipway()).execute(args));
  }

  static boolean wantsJsonLogs(String[] args) {
    List<String> list = Arrays.asList(args);
    int i = list.indexOf("--log-format");
    return list.contains("--log-format=json")
        || (i >= 0 && i + 1 < args.length && "json".equals(args[i + 1]))
        || "json".equals(System.getenv("SLIPWAY_LOG_FORMAT"));
  }
}
