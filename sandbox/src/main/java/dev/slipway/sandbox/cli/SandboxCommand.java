package dev.slipway.sandbox.cli;

import dev.slipway.dashboard.DashboardServer;
import dev.slipway.dashboard.DashboardSource;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.SandboxSession;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slipway sandbox}: embedded Kubernetes API (or an existing cluster) + simulated AWS, with
 * the examples applied.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Run Slipway against an embedded Kubernetes API (or, with --kubeconfig, an existing"
            + " cluster) and a simulated AWS.")
public final class SandboxCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port of the embedded Kubernetes API (0: any free port).")
  int port;

  @Option(
      names = "--kubeconfig",
      description =
          "Run on this existing cluster (kind, minikube, scripts/control-plane.sh) instead of the"
              + " embedded API; the CRDs are installed when missing. Its current context is used.")
  Path kubeconfig;

  @Option(
      names = "--kubeconfig-out",
      description =
          "Where to write the kubeconfig (default: .slipway/sandbox.kubeconfig), once the"
              + " manifests to apply at start are applied.")
  Path kubeconfigOut;

  @Option(
      names = "--apply",
      description =
          "Manifest file or folder to apply at start (repeatable; default: examples/ if present).")
  List<Path> apply = new ArrayList<>();

  @Option(names = "--no-examples", description = "Apply nothing unless --apply is given.")
  boolean noExamples;

  @Option(
      names = "--exit-when-settled",
      description =
          "Exit once every applied release is Ready, Sleeping, Failed, RolledBack, Aborted or"
              + " AwaitingPromotion (waiting for a person) and every"
              + " applied staging environment Ready, Sleeping, Failed or Expired.")
  boolean exitWhenSettled;

  @Option(
      names = "--settle-timeout",
      defaultValue = "PT10M",
      description = "Give up waiting to settle after this long.")
  Duration settleTimeout;

  @Option(
      names = "--verbose",
      description = "Show the operator's log (events, warnings) on stderr.")
  boolean verbose;

  @Option(
      names = "--time-scale",
      defaultValue = "30",
      description = "Simulated seconds per real second.")
  double timeScale;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8090",
      description = "Port of the environments dashboard on 127.0.0.1 (0: no dashboard).")
  int dashboardPort;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (!verbose) {
      // The progress view is the sandbox's interface; the operator's log would interleave with it.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.slipway"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    List<Path> manifests = new ArrayList<>(apply);
    if (manifests.isEmpty() && !noExamples && Files.isDirectory(Path.of("examples")))
      manifests.add(Path.of("examples"));
    // One from an earlier run would be taken for this run's signal that it is ready.
    if (kubeconfig == null) Files.deleteIfExists(kubeconfigOut());
    try (Sandbox sandbox = startSandbox()) {
      Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "slipway-sandbox-shutdown"));
      SandboxSession session = new SandboxSession(sandbox, out);
      // Before the kubeconfig is written and the API announced: whoever waits for either finds
      // these manifests in, so applying one of them again updates it instead of racing the
      // sandbox to create it (and losing with AlreadyExists).
      session.apply(manifests);
      Path usable = kubeconfigFor(sandbox);
      out.println(
          "Slipway sandbox: "
              + where(sandbox)
              + ", simulated AWS account "
              + Sandbox.ACCOUNT
              + " ("
              + Sandbox.REGION
              + "), time x"
              + (int) timeScale);
      out.println("kubeconfig: " + usable);
      out.println("  export KUBECONFIG=" + usable);
      out.println("  kubectl get sr,stage,st  # then kubectl apply -f / kubectl delete as usual");
      try (DashboardServer dashboard = startDashboard(sandbox, out)) {
        out.println();
        SandboxSession.ProgressViewMode mode =
            System.console() != null && !exitWhenSettled
                ? SandboxSession.ProgressViewMode.REDRAW
                : SandboxSession.ProgressViewMode.LINES;
        return session.watch(mode, exitWhenSettled, settleTimeout);
      }
    }
  }

  private Sandbox startSandbox() throws IOException {
    if (kubeconfig == null) return Sandbox.start(port, timeScale);
    String content = Files.readString(kubeconfig);
    return Sandbox.onCluster(
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(content)).build(),
        timeScale);
  }

  /** The kubeconfig a person uses next to the sandbox: theirs, or the embedded API's. */
  private Path kubeconfigFor(Sandbox sandbox) {
    if (sandbox.onExistingCluster()) return kubeconfig.toAbsolutePath();
    return sandbox.writeKubeconfig(kubeconfigOut());
  }

  private Path kubeconfigOut() {
    return (kubeconfigOut == null ? Path.of(".slipway", "sandbox.kubeconfig") : kubeconfigOut)
        .toAbsolutePath();
  }

  private static String where(Sandbox sandbox) {
    if (sandbox.onExistingCluster()) {
      // The simulated account lives in this process; the cluster cannot serve it.
      return "cluster at "
          + sandbox.client().getConfiguration().getMasterUrl()
          + " (no /sandbox/inventory there)";
    }
    return "embedded Kubernetes API at " + sandbox.api().url();
  }

  /** The dashboard is a convenience: a taken port is reported and the sandbox goes on without. */
  private DashboardServer startDashboard(Sandbox sandbox, PrintStream out) {
    if (dashboardPort <= 0) return null;
    try {
      DashboardServer dashboard =
          DashboardServer.start(
              "127.0.0.1",
              dashboardPort,
              // The operator's clock: expiry times are simulated time.
              new DashboardSource(sandbox.client(), Set.of(), null, sandbox.aws().clock()));
      out.println("dashboard: http://127.0.0.1:" + dashboard.port() + "/");
      return dashboard;
    } catch (IOException e) {
      out.println(
          "dashboard: not started, "
              + e.getMessage()
              + " (pick another port with --dashboard-port, or 0 for none)");
      return null;
    }
  }
}
