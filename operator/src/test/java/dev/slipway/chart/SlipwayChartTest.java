package dev.slipway.chart;

import static dev.slipway.chart.ChartRendering.NAMESPACE;
import static dev.slipway.chart.ChartRendering.render;
import static dev.slipway.chart.ChartRendering.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import dev.slipway.chart.ChartRendering.Rendered;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The Slipway Helm chart, rendered by real Helm: security, RBAC, leader election, selectors. */
class SlipwayChartTest {
  private static final Map<String, Object> NON_DEFAULT =
      Map.of(
          "replicaCount", 2,
          "watchNamespaces", List.of("team-a", "team-b"),
          "shard", Map.of("labelSelector", "slipway.dev/shard in (a)"),
          "serviceAccount",
              Map.of(
                  "annotations",
                  Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/slipway")),
          "metrics",
              Map.of(
                  "serviceMonitor", Map.of("enabled", true),
                  "prometheusRule", Map.of("enabled", true)),
          "grafanaDashboard", Map.of("enabled", true),
          "dashboard", Map.of("enabled", true));

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = ChartRendering.helm().lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    // "icon is recommended" is Helm's only remark; anything at WARNING or ERROR is a finding.
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsRunOneRestrictedReplicaClusterWide() {
    Rendered chart = render(Map.of());
    JsonNode pod = chart.deployment().path("spec").path("template").path("spec");
    assertRestricted(pod, chart.container());
    assertThat(chart.container().path("image").asText())
        .isEqualTo("ghcr.io/slipway-dev/slipway:0.1.0");
    assertThat(chart.args()).startsWith("run").contains("--metrics-port=8080", "--log-format=json");
    assertThat(chart.args())
        .noneMatch(
            a ->
                a.startsWith("--leader-election")
                    || a.startsWith("--lease-name")
                    || a.startsWith("--namespaces")
                    || a.startsWith("--label-selector")
                    || a.startsWith("--dashboard-port"));
    assertThat(chart.ofKind("Role")).isEmpty();
    assertThat(chart.ofKind("PodDisruptionBudget")).isEmpty();
    assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
    assertThat(chart.ofKind("PrometheusRule")).isEmpty();
    assertThat(chart.ofKind("ConfigMap")).isEmpty();
    assertThat(chart.one("ClusterRole").path("rules")).isNotEmpty();
    assertThat(chart.one("ClusterRoleBinding").path("subjects").get(0).path("namespace").asText())
        .isEqualTo(NAMESPACE);
    assertThat(env(chart))
        .containsEntry("SLIPWAY_LOG_FORMAT", "json")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
    ChartRbacTest.assertLeastPrivilege(chart);
    assertServiceSelectsPods(chart, "ops-slipway-metrics", "metrics");
  }

  @Test
  void nonDefaultValuesWireElectionNamespacesShardAndExtras() {
    Rendered chart = render(NON_DEFAULT);
    assertRestricted(
        chart.deployment().path("spec").path("template").path("spec"), chart.container());
    ChartRbacTest.assertLeastPrivilege(chart);

    List<String> args = chart.args();
    assertThat(args)
        .contains(
            "--leader-election",
            "--lease-name=ops-slipway",
            "--lease-namespace=" + NAMESPACE,
            "--namespaces=team-a,team-b",
            "--label-selector=slipway.dev/shard in (a)",
            "--dashboard-port=8081");

    // Leases: only in the release namespace, get/update/patch only on this release's Lease
    // (fabric8 renews with a patch; JOSDK's start-up check wants update).
    JsonNode leaseRole = chart.named("Role", "ops-slipway-leader-election");
    assertThat(leaseRole.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(ChartRbacTest.rulesFor(leaseRole, "leases")).hasSize(leaseRole.path("rules").size());
    leaseRole
        .path("rules")
        .forEach(
            r -> assertThat(strings(r.path("apiGroups"))).containsExactly("coordination.k8s.io"));
    assertThat(ChartRbacTest.rulesFor(leaseRole, "leases"))
        .anySatisfy(r -> assertThat(strings(r.path("verbs"))).containsExactly("create"))
        .anySatisfy(
            r -> {
              assertThat(strings(r.path("verbs")))
                  .containsExactlyInAnyOrder("get", "update", "patch");
              assertThat(strings(r.path("resourceNames"))).containsExactly("ops-slipway");
            });
    assertThat(
            chart
                .named("RoleBinding", "ops-slipway-leader-election")
                .path("roleRef")
                .path("name")
                .asText())
        .isEqualTo("ops-slipway-leader-election");

    // Namespace-scoped: operator Roles in exactly the watched namespaces, nothing cluster-wide.
    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(namespacesOf(chart, "Role", "ops-slipway"))
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(namespacesOf(chart, "RoleBinding", "ops-slipway"))
        .containsExactlyInAnyOrder("team-a", "team-b");

    assertThat(
            chart
                .one("ServiceAccount")
                .path("metadata")
                .path("annotations")
                .path("eks.amazonaws.com/role-arn")
                .asText())
        .isEqualTo("arn:aws:iam::111122223333:role/slipway");
    assertThat(chart.one("PodDisruptionBudget").path("spec").path("minAvailable").asInt())
        .isEqualTo(1);
    assertThat(
            chart
                .one("Deployment")
                .path("spec")
                .path("strategy")
                .path("rollingUpdate")
                .path("maxUnavailable")
                .asInt())
        .isZero();
    JsonNode monitor = chart.one("ServiceMonitor");
    assertThat(monitor.path("spec").path("endpoints").get(0).path("port").asText())
        .isEqualTo("metrics");
    assertThat(labels(monitor.path("spec").path("selector").path("matchLabels")).entrySet())
        .isSubsetOf(
            labels(chart.named("Service", "ops-slipway-metrics").path("metadata").path("labels"))
                .entrySet());
    assertThat(chart.one("PrometheusRule").path("spec").path("groups")).isNotEmpty();
    JsonNode dashboard = chart.one("ConfigMap");
    assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    assertThat(dashboard.path("data").path("slipway.json").asText())
        .contains("slipway_release_phase");
    assertServiceSelectsPods(chart, "ops-slipway-metrics", "metrics");
    assertServiceSelectsPods(chart, "ops-slipway-dashboard", "dashboard");
  }

  @Test
  void schemaRejectsUnknownKeysAndWrongTypes() {
    assertThatThrownBy(() -> render(Map.of("replicaCout", 2))).hasMessageContaining("replicaCout");
    assertThatThrownBy(
            () -> render(Map.of("metrics", Map.of("serviceMonitor", Map.of("enable", true)))))
        .hasMessageContaining("enable");
    assertThatThrownBy(() -> render(Map.of("replicaCount", "two")))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> render(Map.of("watchNamespaces", "team-a")))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> render(Map.of("operator", Map.of("logFormat", "xml"))))
        .hasMessageContaining("logFormat");
  }

  private static void assertRestricted(JsonNode pod, JsonNode container) {
    JsonNode psc = pod.path("securityContext");
    assertThat(psc.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(psc.path("runAsUser").isInt()).isTrue();
    assertThat(psc.path("runAsUser").asInt()).isPositive();
    assertThat(psc.path("runAsGroup").asInt()).isPositive();
    assertThat(psc.path("fsGroup").asInt()).isPositive();
    assertThat(psc.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.path("automountServiceAccountToken").asBoolean()).isTrue();

    JsonNode csc = container.path("securityContext");
    assertThat(csc.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(csc.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(csc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(csc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(strings(csc.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(csc.path("capabilities").has("add")).isFalse();
    assertThat(csc.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");

    JsonNode resources = container.path("resources");
    assertThat(resources.path("requests").path("cpu").asText()).isNotBlank();
    assertThat(resources.path("requests").path("memory").asText()).isNotBlank();
    assertThat(resources.path("limits").path("memory").asText()).isNotBlank();

    // A read-only root needs a writable /tmp, and the probes hit the metrics port.
    assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains("/tmp");
    assertThat(pod.path("volumes").get(0).has("emptyDir")).isTrue();
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/healthz");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/readyz");
    assertThat(container.path("livenessProbe").path("httpGet").path("port").asText())
        .isEqualTo("metrics");
    assertThat(container.path("env").findValuesAsText("fieldPath"))
        .contains("metadata.name", "metadata.namespace");
  }

  private static void assertServiceSelectsPods(Rendered chart, String service, String port) {
    JsonNode svc = chart.named("Service", service);
    Map<String, String> selector = labels(svc.path("spec").path("selector"));
    Map<String, String> podLabels =
        labels(chart.deployment().path("spec").path("template").path("metadata").path("labels"));
    assertThat(selector).isNotEmpty();
    assertThat(podLabels.entrySet()).containsAll(selector.entrySet());
    assertThat(labels(chart.deployment().path("spec").path("selector").path("matchLabels")))
        .isEqualTo(selector);
    assertThat(svc.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo(port);
    assertThat(chart.container().path("ports").findValuesAsText("name")).contains(port);
  }

  private static List<String> namespacesOf(Rendered chart, String kind, String name) {
    return chart.ofKind(kind).stream()
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .map(o -> o.path("metadata").path("namespace").asText())
        .toList();
  }

  private static Map<String, String> env(Rendered chart) {
    return StreamSupport.stream(chart.container().path("env").spliterator(), false)
        .filter(e -> e.has("value"))
        .collect(Collectors.toMap(e -> e.path("name").asText(), e -> e.path("value").asText()));
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
