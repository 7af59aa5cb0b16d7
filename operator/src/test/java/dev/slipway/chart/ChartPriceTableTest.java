package dev.slipway.chart;

import static dev.slipway.chart.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.chart.ChartRendering.Rendered;
import dev.slipway.cli.RunCommand;
import dev.slipway.environment.cost.PriceTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code costs.priceTable}: absent, the operator uses its bundled examples and the chart renders
 * nothing for it; given (as text or as a map), a ConfigMap mounted read-only and {@code
 * --price-table} pointing at it, with a checksum so a changed table restarts the pods.
 */
class ChartPriceTableTest {
  static final String TABLE =
      """
      # ACME's rates
      label: ACME negotiated Fargate rates
      asOf: "2027-01-31"
      prices:
        - region: ap-northeast-1
          architecture: ARM64
          onDemandVcpuHour: 0.04
          onDemandGbHour: 0.004
      """;

  @Test
  void withoutATableTheChartRendersNothingForIt() {
    Rendered chart = render(Map.of());

    assertThat(chart.args()).noneMatch(a -> a.startsWith("--price-table"));
    assertThat(chart.ofKind("ConfigMap")).isEmpty();
    assertThat(chart.deployment().path("spec").path("template").path("metadata").has("annotations"))
        .isFalse();
  }

  @Test
  void aTableAsTextIsMountedAndPassedToTheOperator() {
    Rendered chart = render(Map.of("costs", Map.of("priceTable", TABLE)));

    JsonNode configMap = chart.named("ConfigMap", "ops-slipway-prices");
    String data = configMap.path("data").path("prices.yaml").asText();
    assertThat(data).isEqualTo(TABLE.strip());
    assertThat(PriceTable.parse(data, "chart").citation())
        .isEqualTo("ACME negotiated Fargate rates, 2027-01-31");

    List<String> args = chart.args();
    String flag = "--price-table=/etc/slipway/prices/prices.yaml";
    assertThat(args).contains(flag);
    // RunCommand's own picocli model parses what the chart renders.
    assertThat(
            new CommandLine(new RunCommand())
                .parseArgs(flag)
                .matchedOptionValue("--price-table", Path.of("")))
        .isEqualTo(Path.of("/etc/slipway/prices/prices.yaml"));

    JsonNode pod = chart.deployment().path("spec").path("template");
    JsonNode mount = find(chart.container().path("volumeMounts"), "name", "prices").orElseThrow();
    assertThat(mount.path("mountPath").asText()).isEqualTo("/etc/slipway/prices");
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    JsonNode volume = find(pod.path("spec").path("volumes"), "name", "prices").orElseThrow();
    assertThat(volume.path("configMap").path("name").asText()).isEqualTo("ops-slipway-prices");
    assertThat(pod.path("metadata").path("annotations").path("checksum/prices").asText())
        .hasSize(64);
  }

  @Test
  void aTableAsAMapRendersTheSameTableAndAnotherTableAnotherChecksum() {
    Map<String, Object> table =
        Map.of(
            "label",
            "ACME negotiated Fargate rates",
            "asOf",
            "2027-01-31",
            "prices",
            List.of(
                Map.of(
                    "region",
                    "ap-northeast-1",
                    "architecture",
                    "ARM64",
                    "onDemandVcpuHour",
                    0.04,
                    "onDemandGbHour",
                    0.004)));
    Rendered asMap = render(Map.of("costs", Map.of("priceTable", table)));
    Rendered asText = render(Map.of("costs", Map.of("priceTable", TABLE)));

    String data =
        asMap.named("ConfigMap", "ops-slipway-prices").path("data").path("prices.yaml").asText();
    assertThat(PriceTable.parse(data, "chart")).isEqualTo(PriceTable.parse(TABLE, "values"));
    assertThat(checksum(asMap)).isNotEqualTo(checksum(asText));
  }

  @Test
  void theSchemaTakesOnlyTextOrAMapUnderCosts() {
    assertThatThrownBy(() -> render(Map.of("costs", Map.of("priceTable", 3))))
        .hasMessageContaining("priceTable");
    assertThatThrownBy(() -> render(Map.of("costs", Map.of("pricetable", TABLE))))
        .hasMessageContaining("pricetable");
  }

  private static String checksum(Rendered chart) {
    return chart
        .deployment()
        .path("spec")
        .path("template")
        .path("metadata")
        .path("annotations")
        .path("checksum/prices")
        .asText();
  }

  private static Optional<JsonNode> find(JsonNode array, String key, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.path(key).asText())) return Optional.of(n);
    }
    return Optional.empty();
  }
}
