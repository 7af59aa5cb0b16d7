package dev.slipway.realapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.dashboard.DashboardSource;
import dev.slipway.runtime.OperatorOptions;
import dev.slipway.sandbox.kube.Kubectl;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC on a real kube-apiserver: the chart is installed with Helm, the operator runs
 * in-process with nothing but a token of the chart's ServiceAccount and the options the chart's
 * Deployment passes, and the apiserver's audit log must show that identity refused nothing through
 * whole release and environment lifecycles, while what the chart does not grant is refused.
 */
class RealApiRbacIT {
  static final String SYSTEM = "slipway-system";
  static ControlPlane plane;
  static AuditLog audit;

  @BeforeAll
  static void installCrds() {
    Kubectl.assertInstalled();
    plane = ControlPlane.shared();
    Crds.install(plane, new Kubectl(plane.kubeconfig()));
    audit = new AuditLog(plane);
  }

  @AfterAll
  static void removeSystemNamespace() {
    plane.admin().namespaces().withName(SYSTEM).delete();
  }

  /**
   * The default shape (one ClusterRole), with the Secret read narrowed to the environments'
   * namespace as docs/install.md suggests, and leader election on.
   */
  @Test
  void clusterWideInstallRunsReleasesAndEnvironmentsWithoutARefusal() {
    String apps = plane.newNamespace("rbac-cluster");
    Map<String, Object> values =
        Map.of(
            "leaderElection", Map.of("enabled", true),
            "rbac", Map.of("secrets", Map.of("namespaces", List.of(apps))));
    long started = System.nanoTime();
    try (ChartRelease chart = ChartRelease.install(plane, "ops", SYSTEM, values);
        KubernetesClient token = chart.tokenClient()) {
      OperatorOptions options = chart.options(RealApiOperator.fastOptions(), "rbac-it-cluster");
      assertThat(options.namespaces()).as("the chart watches the whole cluster").isEmpty();
      try (RealApiOperator operator = RealApiOperator.start(token, options)) {
        Lifecycles user = new Lifecycles(plane.admin(), operator.aws, apps, unrefused(chart));
        try {
          user.releaseLifecycle("web");
          user.environmentLifecycle("shop", "shop-qa-rbac");
          assertLeaseHeld(options.leaderElection());
          assertDashboardReads(token, options);
        } finally {
          user.deleteAll();
        }
      }
      assertNothingRefused(chart, started);
      assertMade(chart, "get", "/secrets/", 200);
      assertMade(chart, "update", "/servicereleases/", 200); // a child release rewritten

      Refusals refusals =
          new Refusals(token, plane.admin())
              .listSecretsEverywhere()
              .readSecretIn(SYSTEM)
              .createDeploymentIn(apps)
              .update(chart.deployment())
              .updateForeignLease(SYSTEM)
              .createEnvironmentIn(apps);
      assertRefusalsRecorded(chart, refusals.count());
    } finally {
      plane.admin().namespaces().withName(apps).delete();
    }
  }

  /** {@code watchNamespaces: [one]}: Roles only, nothing cluster-wide. */
  @Test
  void namespaceScopedInstallRunsReleasesWithoutARefusal() {
    String watched = plane.newNamespace("rbac-scoped");
    String unwatched = plane.newNamespace("rbac-unwatched");
    Map<String, Object> values =
        Map.of("leaderElection", Map.of("enabled", true), "watchNamespaces", List.of(watched));
    long started = System.nanoTime();
    try (ChartRelease chart = ChartRelease.install(plane, "scoped", SYSTEM, values);
        KubernetesClient token = chart.tokenClient()) {
      OperatorOptions options = chart.options(RealApiOperator.fastOptions(), "rbac-it-scoped");
      assertThat(options.namespaces()).isEqualTo(Set.of(watched));
      try (RealApiOperator operator = RealApiOperator.start(token, options)) {
        Lifecycles user = new Lifecycles(plane.admin(), operator.aws, watched, unrefused(chart));
        try {
          user.releaseLifecycle("api");
          assertLeaseHeld(options.leaderElection());
          assertDashboardReads(token, options);
        } finally {
          user.deleteAll();
        }
      }
      assertNothingRefused(chart, started);

      Refusals refusals =
          new Refusals(token, plane.admin())
              .listReleasesEverywhere()
              .createReleaseIn(unwatched)
              .listSecretsEverywhere()
              .listSecretsIn(watched)
              .readSecretIn(unwatched)
              .createDeploymentIn(watched)
              .updateForeignLease(SYSTEM);
      assertRefusalsRecorded(chart, refusals.count());
    } finally {
      plane.admin().namespaces().withName(watched).delete();
      plane.admin().namespaces().withName(unwatched).delete();
    }
  }

  /** Fails as soon as the server has refused the chart's identity anything. */
  private static ThrowingRunnable unrefused(ChartRelease chart) {
    return () ->
        assertThat(audit.forbidden(chart.user()))
            .as("requests the apiserver refused %s", chart.user())
            .isEmpty();
  }

  /** The chart's Lease exists and names this replica: leader election ran under the chart. */
  private static void assertLeaseHeld(OperatorOptions.LeaderElection election) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Lease lease =
                  plane
                      .admin()
                      .leases()
                      .inNamespace(election.leaseNamespace())
                      .withName(election.leaseName())
                      .get();
              assertThat(lease).as("Lease %s", election.leaseName()).isNotNull();
              assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(election.identity());
            });
  }

  /** The optional dashboard ({@code dashboard.enabled}) lists with the same identity. */
  private static void assertDashboardReads(KubernetesClient token, OperatorOptions options) {
    DashboardSource dashboard =
        new DashboardSource(token, options.namespaces(), null, Clock.systemUTC());
    assertThat(dashboard.read().releases()).isNotNull();
  }

  /**
   * The server refused none of the identity's requests, and the operator's writes (Events, the
   * Lease, status) went through that identity, not some other client's.
   */
  private static void assertNothingRefused(ChartRelease chart, long startedNanos) {
    List<AuditLog.Entry> requests = audit.by(chart.user());
    List<AuditLog.Entry> refused = audit.forbidden(chart.user());
    System.out.printf(
        "%s made %d requests, %d refused, in %d s (install to teardown)%n",
        chart.user(),
        requests.size(),
        refused.size(),
        Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
    assertThat(refused).as("requests the apiserver refused %s", chart.user()).isEmpty();
    assertMade(chart, "create", "/events", 201);
    assertMade(chart, "patch", "/leases/", 200);
    assertMade(chart, "patch", "/status", 200);
  }

  private static void assertMade(ChartRelease chart, String verb, String uriPart, int code) {
    Predicate<AuditLog.Entry> wanted =
        e -> e.verb().equals(verb) && e.uri().contains(uriPart) && e.code() == code;
    assertThat(audit.by(chart.user()))
        .as("%s %s answered %d, by %s", verb, uriPart, code, chart.user())
        .anyMatch(wanted);
  }

  /**
   * The refusals just provoked are in the audit log, and nothing else is: the zero-refusal check
   * reads the record that refusals land in.
   */
  private static void assertRefusalsRecorded(ChartRelease chart, int refusals) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(audit.forbidden(chart.user())).hasSize(refusals));
  }
}
