package dev.slipway.cli;

import dev.slipway.cli.kubectl.AbortCommand;
import dev.slipway.cli.kubectl.Cluster;
import dev.slipway.cli.kubectl.PromoteCommand;
import dev.slipway.cli.kubectl.RetryCommand;
import dev.slipway.cli.kubectl.RunNowCommand;
import dev.slipway.cli.kubectl.StatusCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code slipway kubectl VERB NAME}: what the {@code kubectl-slipway} plugin runs. The cluster
 * flags are inherited, so they go before or after the verb, as kubectl passes them on.
 */
@Command(
    name = "kubectl",
    mixinStandardHelpOptions = true,
    description = {
      "Act on Slipway's objects as `kubectl slipway VERB NAME` (bin/kubectl-slipway runs this):"
          + " promote, abort and retry set a ServiceRelease's annotations, run starts a"
          + " ScheduledTask now; status summarises a release, a StagingEnvironment or a"
          + " ScheduledTask.",
      "Exit 0 done, 1 refused or not found, 2 usage, 3 the cluster could not be asked."
    },
    subcommands = {
      PromoteCommand.class,
      AbortCommand.class,
      RetryCommand.class,
      RunNowCommand.class,
      StatusCommand.class
    })
public final class KubectlCommand implements Callable<Integer> {
  /**
   * Set by bin/kubectl-slipway, so that help and usage errors name the command as the person typed
   * it: {@code kubectl slipway status}, not {@code slipway kubectl status}.
   */
  public static final String PLUGIN_ENV = "SLIPWAY_KUBECTL_PLUGIN";

  @Spec CommandSpec spec;

  @Option(
      names = {"-n", "--namespace"},
      scope = ScopeType.INHERIT,
      paramLabel = "NAMESPACE",
      description = "Namespace (default: the kubeconfig context's, else default).")
  String namespace;

  @Option(
      names = "--context",
      scope = ScopeType.INHERIT,
      paramLabel = "CONTEXT",
      description = "Kubeconfig context (default: the current one).")
  String context;

  @Option(
      names = "--kubeconfig",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  /** What the flags say about the cluster, for the verb that runs. */
  public Cluster.Options clusterOptions() {
    return new Cluster.Options(kubeconfig, context, namespace);
  }

  /** Renames {@code slipway kubectl} (the root and this command) to {@code kubectl slipway}. */
  public static void nameAsPlugin(CommandLine root) {
    root.setCommandName("kubectl");
    root.getSubcommands().get("kubectl").setCommandName("slipway");
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing a verb: promote, abort, retry, run or status");
  }
}
