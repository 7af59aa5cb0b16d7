package dev.slipway.chart;

import static dev.slipway.chart.ChartRendering.CHART;
import static dev.slipway.chart.ChartRendering.ROOT;
import static dev.slipway.chart.ChartRendering.readYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's alerts and dashboard: one source of truth with examples/observability, and every
 * metric they query is one the operator exports.
 */
class ChartObservabilityTest {
  private static final Path RULES = CHART.resolve("files/prometheus-rules.yaml");
  private static final Path DASHBOARD = CHART.resolve("files/grafana-dashboard.json");
  private static final Path EXAMPLE_RULE =
      ROOT.resolve("examples/observability/prometheusrule.yaml");
  private static final Path EXAMPLE_DASHBOARD =
      ROOT.resolve("examples/observability/grafana-dashboard.json");

  /**
   * The operator's series as docs/observability.md documents them (that page is the contract;
   * ObservabilityIT checks the release series against a real scrape). A summary's documented name
   * also allows its {@code _count}, {@code _sum} and {@code _max} series, and nothing else.
   */
  static final Set<String> SLIPWAY_METRICS = documentedMetrics();

  private static Set<String> documentedMetrics() {
    try {
      String doc = Files.readString(ROOT.resolve("docs/observability.md"));
      Set<String> names = new java.util.TreeSet<>();
      Matcher m = Pattern.compile("`(slipway_[a-z_]+)`").matcher(doc);
      while (m.find()) {
        names.add(m.group(1));
        if (m.group(1).endsWith("_seconds") && !m.group(1).endsWith("_timestamp_seconds")) {
          for (String suffix : List.of("_count", "_sum", "_max")) names.add(m.group(1) + suffix);
        }
      }
      return names;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Other exporters' series a rule may use: JOSDK's Micrometer metrics, the JVM's, Prometheus'. */
  private static final Pattern OTHER_EXPORTERS =
      Pattern.compile("^(operator_sdk_|jvm_|process_|up$)");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** PromQL words that are not metric names. */
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "max",
          "min",
          "avg",
          "count",
          "topk",
          "bottomk",
          "rate",
          "irate",
          "increase",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "time",
          "clamp_min",
          "clamp_max",
          "histogram_quantile",
          "label_values",
          "abs",
          "offset",
          "bool",
          "absent",
          "vector",
          "scalar");

  @Test
  void exampleRuleCarriesTheChartsGroups() {
    JsonNode chartGroups = readYaml(RULES).path("groups");
    JsonNode example = readYaml(EXAMPLE_RULE);
    assertThat(example.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(example.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(chartGroups).isNotEmpty();
    assertThat(example.path("spec").path("groups")).isEqualTo(chartGroups);
  }

  @Test
  void exampleDashboardIsTheChartsDashboard() throws IOException {
    JsonNode chart = ChartRendering.JSON.readTree(DASHBOARD.toFile());
    JsonNode example = ChartRendering.JSON.readTree(EXAMPLE_DASHBOARD.toFile());
    assertThat(example).isEqualTo(chart);
  }

  @Test
  void rulesCoverTheAgreedAlerts() {
    List<String> alerts = readYaml(RULES).findValuesAsText("alert");
    assertThat(alerts)
        .contains(
            "SlipwayReleaseFailed",
            "SlipwayReleaseStuckProgressing",
            "SlipwayReconcileErrors",
            "SlipwayAwsThrottled",
            "SlipwayAwsUnavailable");
    for (JsonNode group : readYaml(RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        assertThat(rule.path("labels").path("severity").asText()).as(rule.toString()).isNotBlank();
        assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
      }
    }
  }

  @Test
  void rulesAndDashboardQueryOnlyExportedMetrics() throws IOException {
    List<String> exprs = new ArrayList<>(readYaml(RULES).findValuesAsText("expr"));
    exprs.addAll(ChartRendering.JSON.readTree(DASHBOARD.toFile()).findValuesAsText("expr"));
    assertThat(exprs).hasSizeGreaterThan(10);
    Set<String> unknown = new TreeSet<>();
    Set<String> used = new TreeSet<>();
    for (String expr : exprs) {
      for (String metric : metricNames(expr)) {
        used.add(metric);
        if (!SLIPWAY_METRICS.contains(metric) && !OTHER_EXPORTERS.matcher(metric).find()) {
          unknown.add(metric);
        }
      }
    }
    assertThat(unknown).as("metric names not exported by the operator").isEmpty();
    // The dashboard shows releases, rollouts, environments, AWS and reconcile errors.
    assertThat(used)
        .contains(
            "slipway_release_phase",
            "slipway_rollouts_total",
            "slipway_environments",
            "slipway_aws_calls_total",
            "slipway_aws_throttled_total",
            "slipway_aws_call_duration_seconds_sum",
            "slipway_reconcile_errors_total");
  }

  @Test
  void dashboardHasAScheduledTasksRowOnTheBatchSeries() throws IOException {
    JsonNode panels = ChartRendering.JSON.readTree(DASHBOARD.toFile()).path("panels");
    assertThat(panels.findValuesAsText("title")).contains("Scheduled tasks");
    Set<String> used = new TreeSet<>();
    for (String expr : panels.findValuesAsText("expr")) used.addAll(metricNames(expr));
    assertThat(used)
        .contains(
            "slipway_scheduled_task_runs_total",
            "slipway_scheduled_task_last_success_timestamp_seconds",
            "slipway_scheduled_task_expected_success_within_seconds");
  }

  /** Grafana stacks overlapping panels unpredictably and mixes up panels sharing an id. */
  @Test
  void dashboardPanelsHaveDistinctIdsAndDoNotOverlap() throws IOException {
    List<JsonNode> panels = new ArrayList<>();
    ChartRendering.JSON.readTree(DASHBOARD.toFile()).path("panels").forEach(panels::add);
    assertThat(panels.stream().map(p -> p.path("id").asInt()).distinct().count())
        .isEqualTo(panels.size());
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        JsonNode a = panels.get(i).path("gridPos");
        JsonNode b = panels.get(j).path("gridPos");
        boolean apart =
            a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                || b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
                || a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
                || b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
        assertThat(apart)
            .as(panels.get(i).path("title") + " and " + panels.get(j).path("title"))
            .isTrue();
      }
    }
  }

  @Test
  void theCheckCatchesAMisspeltMetric() {
    assertThat(metricNames("sum by (phase) (slipway_release_phases{phase=\"Failed\"}) == 1"))
        .containsExactly("slipway_release_phases");
  }

  @Test
  void chartRendersTheFilesVerbatim() throws IOException {
    var chart =
        ChartRendering.render(
            Map.of(
                "metrics", Map.of("prometheusRule", Map.of("enabled", true)),
                "grafanaDashboard", Map.of("enabled", true)));
    assertThat(chart.one("PrometheusRule").path("spec").path("groups"))
        .isEqualTo(readYaml(RULES).path("groups"));
    assertThat(
            ChartRendering.JSON.readTree(
                chart.one("ConfigMap").path("data").path("slipway.json").asText()))
        .isEqualTo(ChartRendering.JSON.readTree(Files.readString(DASHBOARD)));
  }

  /**
   * Metric names in a PromQL expression: identifiers that are not functions, keywords, label names
   * (inside braces or by/on lists), label values (strings) or Grafana variables.
   */
  static Set<String> metricNames(String expr) {
    String stripped =
        expr.replaceAll("\"[^\"]*\"", "\"\"")
            .replaceAll("\\{[^}]*}", "{}")
            .replaceAll("\\$\\{?\\w+}?", "")
            .replaceAll("\\[[^]]*]", "[]")
            .replaceAll("\\b(by|on|without|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      String word = m.group();
      boolean isNumber = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
      if (!PROMQL_WORDS.contains(word) && !isNumber) names.add(word);
    }
    return names;
  }
}
