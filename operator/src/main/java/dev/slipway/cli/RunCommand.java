package dev.slipway.cli;

import dev.slipway.aws.SdkAwsClientFactory;
import dev.slipway.dashboard.DashboardServer;
import dev.slipway.dashboard.DashboardSource;
import dev.slipway.environment.cost.PriceTable;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.runtime.HealthServer;
import dev.slipway.runtime.OperatorOptions;
import dev.slipway.runtime.SlipwayOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway run}: reconcile real AWS from a real cluster (kubeconfig or in-cluster). */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the operator against a cluster and AWS.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config or in-cluster).")
  Path kubeconfig;

  @Option(names = "--namespaces", split = ",", description = "Namespaces to watch (default: all).")
  List<String> namespaces = List.of();

  @Option(
      names = "--label-selector",
      description = "Only reconcile resources matching this selector (shard a fleet).")
  String labelSelector;

  @Option(
      names = "--leader-election",
      description = "Elect a leader through a Lease (run more than one replica).")
  boolean leaderElection;

  @Option(names = "--lease-name", defaultValue = "slipway-leader")
  String leaseName;

  @Option(
      names = "--lease-identity",
      defaultValue = "${env:POD_NAME}",
      description = "This replica's name in the Lease (default: $POD_NAME, else the host name).")
  String leaseIdentity;

  @Option(
      names = "--lease-namespace",
      description = "Namespace of the Lease (default: the pod's namespace).")
  String leaseNamespace;

  @Option(
      names = "--metrics-address",
      defaultValue = "0.0.0.0",
      description = "Address of /metrics, /healthz, /readyz.")
  String metricsAddress;

  @Option(names = "--metrics-port", defaultValue = "8080")
  int metricsPort;

  @Option(
      names = "--resync",
      defaultValue = "PT3M",
      description = "Drift-check interval, ISO-8601 (default PT3M).")
  Duration resync;

  @Option(names = "--reconcile-threads", defaultValue = "10")
  int threads;

  @Option(
      names = "--aws-rate-fraction",
      defaultValue = "0.9",
      description =
          "Share of AWS's published API buckets Slipway may use (others share the account).")
  double rateFraction;

  @Option(names = "--log-format", defaultValue = "text", description = "text or json.")
  String logFormat;

  @Option(
      names = "--dashboard-port",
      defaultValue = "0",
      description =
          "Serve the read-only environments dashboard on this port (0: off, the default).")
  int dashboardPort;

  @Option(
      names = "--dashboard-address",
      defaultValue = "0.0.0.0",
      description = "Address of the dashboard (it has no login: put it behind your ingress's).")
  String dashboardAddress;

  @Option(
      names = "--price-table",
      paramLabel = "FILE",
      description =
          "Fargate prices (YAML) for the environments' cost estimates, replacing the bundled "
              + "example table (see docs/staging-operations.md).")
  Path priceTable;

  @Override
  public Integer call() throws Exception {
    PriceTable prices;
    try {
      prices = priceTable == null ? PriceTable.examples() : PriceTable.load(priceTable);
    } catch (IllegalArgumentException e) {
      // A table with a typo must stop the start, not estimate costs from half of it.
      System.err.println(e.getMessage());
      return 2;
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorOptions defaults = OperatorOptions.defaults();
    ReleaseSettings release = defaults.release();
    OperatorOptions options =
        defaults
            .withWatch(new LinkedHashSet<>(namespaces), labelSelector)
            .withLeaderElection(
                new OperatorOptions.LeaderElection(
                    leaderElection,
                    leaseName,
                    leaseNamespace,
                    leaseIdentity == null || leaseIdentity.isBlank() ? null : leaseIdentity,
                    true))
            .withRelease(
                new ReleaseSettings(
                    release.minPoll(), release.maxPoll(), resync, release.historyLimit()))
            .withAws(defaults.aws().withRateLimitFraction(rateFraction))
            .withPrices(prices);
    log.info("cost estimates use {}", prices.citation());
    AtomicBoolean started = new AtomicBoolean();
    CountDownLatch stop = new CountDownLatch(1);
    try (KubernetesClient client = client();
        SdkAwsClientFactory aws = new SdkAwsClientFactory();
        HealthServer http = HealthServer.start(metricsAddress, metricsPort, meters, started::get);
        DashboardServer dashboard = dashboard(client)) {
      SlipwayOperator operator =
          SlipwayOperator.start(client, aws, Clock.systemUTC(), options, meters);
      started.set(true);
      if (dashboard != null)
        log.info("dashboard on http://{}:{}/", dashboardAddress, dashboard.port());
      log.info(
          "slipway running; metrics on {}:{}; watching {}",
          metricsAddress,
          http.port(),
          namespaces.isEmpty() ? "all namespaces" : namespaces);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    log.info("shutting down");
                    operator.close();
                    stop.countDown();
                  },
                  "slipway-shutdown"));
      stop.await();
    }
    return 0;
  }

  /** The dashboard reads what this operator watches; null when it is off. */
  private DashboardServer dashboard(KubernetesClient client) throws java.io.IOException {
    if (dashboardPort <= 0) return null;
    DashboardSource source =
        new DashboardSource(
            client, new LinkedHashSet<>(namespaces), labelSelector, Clock.systemUTC());
    return DashboardServer.start(dashboardAddress, dashboardPort, source);
  }

  private KubernetesClient client() throws java.io.IOException {
    if (kubeconfig == null) return new KubernetesClientBuilder().build();
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
        .build();
  }
}
