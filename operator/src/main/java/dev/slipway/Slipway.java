package dev.slipway;

import dev.slipway.cli.DiffCommand;
import dev.slipway.cli.ImportCommand;
import dev.slipway.cli.KubectlCommand;
import dev.slipway.cli.RenderCommand;
import dev.slipway.cli.RunCommand;
import dev.slipway.cli.VerifyCommand;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code slipway run | render | diff | verify | kubectl | import}. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    version = "slipway 0.1.0",
    description = "Declarative ECS releases and staging/QA environments for Kubernetes.",
    subcommands = {
      RunCommand.class,
      RenderCommand.class,
      DiffCommand.class,
      VerifyCommand.class,
      KubectlCommand.class,
      ImportCommand.class
    })
public final class Slipway {

  public static void main(String[] args) {
    System.exit(execute(args, cli -> {}));
  }

  /**
   * Runs Slipway's commands plus whatever {@code extend} adds: the sandbox jar adds {@code sandbox}
   * and {@code bench} this way, so the production jar never references them.
   */
  public static int execute(String[] args, Consumer<CommandLine> extend) {
    // Logging is configured when the first logger is created, so the format is decided before
    // any command class is loaded.
    if (wantsJsonLogs(args)) System.setProperty("logback.configurationFile", "logback-json.xml");
    CommandLine cli = new CommandLine(new Slipway());
    if (System.getenv(KubectlCommand.PLUGIN_ENV) != null) KubectlCommand.nameAsPlugin(cli);
    extend.accept(cli);
    return cli.execute(args);
  }

  static boolean wantsJsonLogs(String[] args) {
    List<String> list = Arrays.asList(args);
    int i = list.indexOf("--log-format");
    return list.contains("--log-format=json")
        || (i >= 0 && i + 1 < args.length && "json".equals(args[i + 1]))
        || "json".equals(System.getenv("SLIPWAY_LOG_FORMAT"));
  }
}
