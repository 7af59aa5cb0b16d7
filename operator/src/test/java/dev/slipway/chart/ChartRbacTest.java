package dev.slipway.chart;

import static dev.slipway.chart.ChartRendering.render;
import static dev.slipway.chart.ChartRendering.renderText;
import static dev.slipway.chart.ChartRendering.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.chart.ChartRendering.Rendered;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The chart's RBAC: no wildcards, Secrets readable only where asked, one Lease per release. */
class ChartRbacTest {
  @Test
  void forcedElectionWithOneReplicaHasALeaseButNoBudget() {
    Rendered chart =
        render(Map.of("leaderElection", Map.of("enabled", true, "leaseName", "shard-a")));
    assertThat(chart.args()).contains("--leader-election", "--lease-name=shard-a");
    assertThat(
            strings(
                chart
                    .named("Role", "ops-slipway-leader-election")
                    .path("rules")
                    .get(1)
                    .path("resourceNames")))
        .containsExactly("shard-a");
    assertThat(chart.ofKind("PodDisruptionBudget")).isEmpty();
  }

  @Test
  void twoShardsUseDifferentLeases() {
    String a = renderText(Map.of("replicaCount", 2, "fullnameOverride", "slipway-a"));
    String b = renderText(Map.of("replicaCount", 2, "fullnameOverride", "slipway-b"));
    assertThat(Rendered.parse(a).args()).contains("--lease-name=slipway-a");
    assertThat(Rendered.parse(b).args()).contains("--lease-name=slipway-b");
    // Cluster-scoped objects too, or the second install would fight over the first's.
    assertThat(Rendered.parse(a).one("ClusterRole").path("metadata").path("name").asText())
        .isEqualTo("slipway-a");
    assertThat(Rendered.parse(b).one("ClusterRoleBinding").path("metadata").path("name").asText())
        .isEqualTo("slipway-b");
  }

  @Test
  void secretsCanBeRestrictedOrTurnedOff() {
    Rendered restricted =
        render(Map.of("rbac", Map.of("secrets", Map.of("namespaces", List.of("staging")))));
    assertThat(rulesFor(restricted.one("ClusterRole"), "secrets")).isEmpty();
    JsonNode secretsRole = restricted.named("Role", "ops-slipway-secrets");
    assertThat(secretsRole.path("metadata").path("namespace").asText()).isEqualTo("staging");
    assertThat(
            restricted
                .named("RoleBinding", "ops-slipway-secrets")
                .path("metadata")
                .path("namespace")
                .asText())
        .isEqualTo("staging");
    assertLeastPrivilege(restricted);

    Rendered scoped =
        render(
            Map.of(
                "watchNamespaces", List.of("team-a", "team-b"),
                "rbac", Map.of("secrets", Map.of("namespaces", List.of("team-b")))));
    assertThat(secretNamespaces(scoped)).containsExactly("team-b");

    Rendered off = render(Map.of("rbac", Map.of("secrets", Map.of("enabled", false))));
    assertThat(off.rules()).noneMatch(r -> strings(r.path("resources")).contains("secrets"));

    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "watchNamespaces", List.of("team-a"),
                        "rbac", Map.of("secrets", Map.of("namespaces", List.of("elsewhere"))))))
        .hasMessageContaining("elsewhere is not in watchNamespaces");
  }

  /**
   * The operator's rules are exactly what it uses: RealApiRbacIT proves on a real kube-apiserver
   * that they suffice, this that nothing unused creeps back (status is only patched, environments
   * are never PUT, only environments own anything).
   */
  @Test
  void operatorRulesAreExactlyWhatItUses() {
    Map<String, List<String>> verbs = new TreeMap<>();
    for (JsonNode rule : render(Map.of()).one("ClusterRole").path("rules")) {
      for (String resource : strings(rule.path("resources"))) {
        verbs.put(resource, strings(rule.path("verbs")));
      }
    }
    assertThat(verbs)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry(
                    "servicereleases",
                    List.of("get", "list", "watch", "create", "update", "patch", "delete")),
                Map.entry(
                    "stagingenvironments", List.of("get", "list", "watch", "patch", "delete")),
                Map.entry("scheduledtasks", List.of("get", "list", "watch", "patch")),
                Map.entry("servicereleases/status", List.of("patch")),
                Map.entry("stagingenvironments/status", List.of("patch")),
                Map.entry("scheduledtasks/status", List.of("patch")),
                Map.entry("stagingenvironments/finalizers", List.of("update")),
                Map.entry("events", List.of("create")),
                Map.entry("secrets", List.of("get"))));
  }

  /** No wildcards anywhere, and Secrets only ever readable one by one. */
  static void assertLeastPrivilege(Rendered chart) {
    assertThat(chart.rules()).isNotEmpty();
    for (JsonNode rule : chart.rules()) {
      for (String field : List.of("verbs", "resources", "apiGroups", "resourceNames")) {
        assertThat(strings(rule.path(field)))
            .as(field + " of " + rule)
            .noneMatch(v -> v.contains("*"));
      }
      assertThat(rule.has("nonResourceURLs")).isFalse();
      if (strings(rule.path("resources")).contains("secrets")) {
        assertThat(strings(rule.path("resources"))).containsExactly("secrets");
        assertThat(strings(rule.path("verbs"))).containsExactly("get");
      }
    }
  }

  static List<JsonNode> rulesFor(JsonNode role, String resource) {
    return StreamSupport.stream(role.path("rules").spliterator(), false)
        .filter(r -> strings(r.path("resources")).contains(resource))
        .toList();
  }

  private static List<String> secretNamespaces(Rendered chart) {
    return chart.ofKind("Role").stream()
        .filter(r -> !rulesFor(r, "secrets").isEmpty())
        .map(r -> r.path("metadata").path("namespace").asText())
        .toList();
  }
}
