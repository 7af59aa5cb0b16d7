package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskStatus;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.runtime.OperatorOptions;
import dev.slipway.runtime.SlipwayOperator;
import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.sandbox.kube.SandboxPosts;
import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.Inventory;
import dev.slipway.sandbox.sim.SimClock;
import dev.slipway.verbs.Verbs;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The sandbox: a Kubernetes API with Slipway's CRDs (embedded, or an existing cluster), the AWS
 * simulator on a compressed clock, and the operator wired exactly as in production. Tests start it
 * in-process; the CLI wraps it with manifests and a progress view.
 */
public final class Sandbox implements AutoCloseable {
  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "ap-northeast-1";

  /** Where the embedded API serves the simulated account's {@link Inventory} as JSON. */
  public static final String INVENTORY_PATH = "/sandbox/inventory";

  /** Clusters that exist from the start, as a fresh account's would after setup. */
  static final List<String> CLUSTERS = List.of("default", "core", "staging");

  /** The embedded API, or null when the sandbox runs on an existing cluster. */
  private final EmbeddedKubeApi api;

  private final KubernetesClient client;
  private final AwsSimulator aws;
  private final RefreshSources refreshSources;

  /** What the operator calls AWS through: the simulator, or a wrapper around it. */
  private final AwsClientFactory operatorAws;

  private final OperatorOptions options;
  private final MeterRegistry meters;
  private volatile SlipwayOperator operator;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Sandbox(
      EmbeddedKubeApi api,
      KubernetesClient client,
      AwsSimulator aws,
      AwsClientFactory operatorAws,
      OperatorOptions options,
      MeterRegistry meters) {
    this.api = api;
    this.client = client;
    this.aws = aws;
    this.refreshSources = new RefreshSources(aws);
    this.operatorAws = operatorAws;
    this.options = options;
    this.meters = meters;
  }

  /**
   * Starts API, simulator and operator; {@code timeScale} simulated seconds pass per real second.
   */
  public static Sandbox start(
      int port, double timeScale, ReleaseSettings release, MeterRegistry meters) {
    return start(port, timeScale, release, meters, UnaryOperator.identity());
  }

  /**
   * As above, with the operator's AWS calls going through {@code wrap} applied to the simulator
   * (e.g. a recording decorator for benchmarks); the simulator itself stays reachable via {@link
   * #aws()}.
   */
  public static Sandbox start(
      int port,
      double timeScale,
      ReleaseSettings release,
      MeterRegistry meters,
      UnaryOperator<AwsClientFactory> wrap) {
    EmbeddedKubeApi api = EmbeddedKubeApi.start(port);
    try {
      installCrds(api);
      AwsSimulator aws = simulator(timeScale);
      Sandbox sandbox =
          new Sandbox(api, api.client(), aws, wrap.apply(aws), options(release), meters);
      // Read-only, so tools outside the process (kubectl get --raw, E2E tests) can see the AWS
      // side.
      api.serveJson(INVENTORY_PATH, () -> Serialization.asJson(aws.inventory(ACCOUNT, REGION)));
      api.servePost(Verbs.SANDBOX_PATH, verbs(aws));
      sandbox.startOperator();
      return sandbox;
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  /**
   * The sandbox on an existing cluster (kind, minikube, the control plane of
   * scripts/control-plane.sh): only the simulator and the operator run in this process. The CRDs
   * are installed when the cluster has none, and left as they are when it has them.
   */
  public static Sandbox onCluster(KubernetesClient client, double timeScale) {
    ClusterCrds.installMissing(client);
    AwsSimulator aws = simulator(timeScale);
    Sandbox sandbox =
        new Sandbox(
            null, client, aws, aws, options(ReleaseSettings.fast()), new SimpleMeterRegistry());
    sandbox.startOperator();
    return sandbox;
  }

  /** A fresh simulated account with the clusters the examples use. */
  private static AwsSimulator simulator(double timeScale) {
    AwsSimulator aws =
        AwsSimulator.builder()
            .clock(SimClock.scaled(Instant.now(), timeScale))
            .defaultAccountId(ACCOUNT)
            .build();
    CLUSTERS.forEach(c -> aws.createCluster(ACCOUNT, REGION, c));
    return aws;
  }

  private static OperatorOptions options(ReleaseSettings release) {
    return OperatorOptions.defaults()
        .withRelease(release)
        .withRetry(Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** Answers {@code slipway <verb> --sandbox URL}: the verb runs here, against the simulator. */
  private static SandboxPosts.Handler verbs(AwsSimulator aws) {
    AwsCalls calls = Verbs.calls();
    return (verb, query, manifest) ->
        Verbs.answer(verb, manifest, query.getOrDefault("format", "json"), aws, calls);
  }

  public static Sandbox start(int port, double timeScale) {
    return start(port, timeScale, ReleaseSettings.fast(), new SimpleMeterRegistry());
  }

  /** Starts the operator (again): its state lives only in Kubernetes and AWS, as in production. */
  public synchronized void startOperator() {
    if (operator == null)
      operator = SlipwayOperator.start(client, operatorAws, aws.clock(), options, meters);
  }

  public synchronized void stopOperator() {
    if (operator != null) operator.close();
    operator = null;
  }

  private static void installCrds(EmbeddedKubeApi api) {
    for (String crd :
        List.of(
            "servicereleases.slipway.dev-v1.yml",
            "stagingenvironments.slipway.dev-v1.yml",
            "scheduledtasks.slipway.dev-v1.yml")) {
      try (InputStream in = Sandbox.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        api.installCrds(in);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot read CRD " + crd, e);
      }
    }
  }

  /** Creates the clusters and target groups a manifest references, so examples run unchanged. */
  public void seedFor(ServiceRelease sr) {
    if (sr.getSpec() == null || sr.getSpec().aws == null) return;
    String account = sr.getSpec().aws.accountId;
    String region = sr.getSpec().aws.region;
    if (account == null || region == null) return;
    if (sr.getSpec().cluster != null) aws.createCluster(account, region, sr.getSpec().cluster);
    if (sr.getSpec().service != null && sr.getSpec().service.loadBalancers != null) {
      sr.getSpec()
          .service
          .loadBalancers
          .forEach(lb -> aws.seedTargetGroup(account, region, lb.targetGroupArn));
    }
    StrategySpec.Traffic traffic =
        sr.getSpec().strategy == null ? null : sr.getSpec().strategy.traffic;
    if (traffic != null) {
      Stream.of(traffic.listenerArn, traffic.testListenerArn)
          .filter(Objects::nonNull)
          .forEach(arn -> aws.seedListener(account, region, arn));
    }
    ReleaseSeeds.seedReferences(aws, sr);
  }

  /**
   * For a shared environment: creates its cluster, the load balancer or listener its branch routing
   * names (with exactly those ARNs), and the target groups its templates reference.
   */
  public void seedFor(StagingEnvironment env) {
    StagingEnvironmentSpec spec = env.getSpec();
    if (env.isBranch() || spec == null || spec.aws == null) return;
    String account = spec.aws.accountId;
    String region = spec.aws.region;
    if (account == null || region == null) return;
    if (spec.cluster != null) aws.createCluster(account, region, spec.cluster);
    BranchPolicy.Routing routing = spec.branches == null ? null : spec.branches.routing;
    if (routing != null && routing.loadBalancerArn != null)
      aws.seedLoadBalancer(account, region, routing.loadBalancerArn);
    if (routing != null && routing.listenerArn != null)
      aws.seedListener(account, region, routing.listenerArn);
    if (spec.services != null) spec.services.forEach(s -> seedTargetGroups(account, region, s));
    if (spec.refresh != null) refreshSources.seed(env);
  }

  private void seedTargetGroups(
      String account, String region, StagingEnvironmentSpec.ServiceTemplate service) {
    if (service.template == null || service.template.service == null) return;
    List<ServiceSpec.LoadBalancer> lbs = service.template.service.loadBalancers;
    if (lbs != null) lbs.forEach(lb -> aws.seedTargetGroup(account, region, lb.targetGroupArn));
  }

  public void ensureNamespace(String namespace) {
    if (client.namespaces().withName(namespace).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
  }

  /**
   * Whether the release has come to rest for its current spec: done, failed, asleep, or waiting for
   * a person to promote it.
   */
  public static boolean isSettled(ServiceRelease sr) {
    return sr.getStatus() != null
        && Set.of(
                Phase.Ready,
                Phase.Sleeping,
                Phase.Failed,
                Phase.RolledBack,
                Phase.Aborted,
                Phase.AwaitingPromotion)
            .contains(sr.getStatus().phase)
        && sr.getMetadata().getGeneration() != null
        && sr.getMetadata().getGeneration().equals(sr.getStatus().observedGeneration);
  }

  /** Ready, Sleeping, Failed or Expired, for the spec as it is now. */
  public static boolean isSettled(StagingEnvironment env) {
    return env.getStatus() != null
        && Set.of(
                StagingEnvironmentStatus.Phase.Ready,
                StagingEnvironmentStatus.Phase.Sleeping,
                StagingEnvironmentStatus.Phase.Failed,
                StagingEnvironmentStatus.Phase.Expired)
            .contains(env.getStatus().phase)
        && env.getMetadata().getGeneration() != null
        && env.getMetadata().getGeneration().equals(env.getStatus().observedGeneration);
  }

  /**
   * Scheduled, Suspended, Sleeping, Invalid or Failed, for the spec as it is now. Its runs do not
   * count: a batch never finishes, and one run of a nightly batch would keep the sandbox waiting
   * until the night.
   */
  public static boolean isSettled(ScheduledTask st) {
    return st.getStatus() != null
        && Set.of(
                ScheduledTaskStatus.Phase.Scheduled,
                ScheduledTaskStatus.Phase.Suspended,
                ScheduledTaskStatus.Phase.Sleeping,
                ScheduledTaskStatus.Phase.Invalid,
                ScheduledTaskStatus.Phase.Failed)
            .contains(st.getStatus().phase)
        && st.getMetadata().getGeneration() != null
        && st.getMetadata().getGeneration().equals(st.getStatus().observedGeneration);
  }

  /** The embedded API; a sandbox on an existing cluster has none. */
  public EmbeddedKubeApi api() {
    if (api == null) {
      throw new IllegalStateException(
          "this sandbox runs on an existing cluster, not the embedded API");
    }
    return api;
  }

  /** True when the sandbox runs on an existing cluster rather than the embedded API. */
  public boolean onExistingCluster() {
    return api == null;
  }

  public KubernetesClient client() {
    return client;
  }

  public AwsSimulator aws() {
    return aws;
  }

  public SlipwayOperator operator() {
    return operator;
  }

  public Path writeKubeconfig(Path file) {
    return api().writeKubeconfig(file);
  }

  @Override
  public void close() {
    // Called by try-with-resources and by the Ctrl-C hook: only the first call tears down.
    if (!closed.compareAndSet(false, true)) return;
    stopOperator();
    if (api != null) {
      api.close();
    } else {
      client.close();
    }
    aws.close();
  }
}
