package dev.slipway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.chart.ChartRendering.Rendered;
import dev.slipway.cli.RunCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The arguments the chart renders are ones `slipway run` accepts, with the values intended. */
class ChartArgsTest {
  /**
   * Flags agreed for issue 4 that another change adds to RunCommand (the environments dashboard).
   * They are skipped only while RunCommand does not know them; once it does they are parsed too.
   */
  private static final Set<String> PENDING = Set.of("--dashboard-port", "--dashboard-address");

  @Test
  void defaultArgumentsParse() {
    ParseResult parsed = parse(ChartRendering.render(Map.of()));
    assertThat(parsed.matchedOptionValue("--metrics-port", 0)).isEqualTo(8080);
    assertThat(parsed.matchedOptionValue("--log-format", "")).isEqualTo("json");
    assertThat(parsed.matchedOptionValue("--aws-rate-fraction", 0.0)).isEqualTo(0.9);
    assertThat(parsed.hasMatchedOption("--leader-election")).isFalse();
  }

  @Test
  void nonDefaultArgumentsParseToTheIntendedValues() {
    Rendered chart =
        ChartRendering.render(
            Map.of(
                "replicaCount", 3,
                "watchNamespaces", List.of("team-a", "team-b"),
                "shard", Map.of("labelSelector", "slipway.dev/shard notin (a),tier!=batch"),
                "dashboard", Map.of("enabled", true),
                "operator", Map.of("resync", "PT5M", "reconcileThreads", 4, "logFormat", "text")));
    ParseResult parsed = parse(chart);
    assertThat(parsed.matchedOptionValue("--namespaces", List.<String>of()))
        .containsExactly("team-a", "team-b");
    assertThat(parsed.matchedOptionValue("--label-selector", ""))
        .isEqualTo("slipway.dev/shard notin (a),tier!=batch");
    assertThat(parsed.hasMatchedOption("--leader-election")).isTrue();
    assertThat(parsed.matchedOptionValue("--lease-name", "")).isEqualTo("ops-slipway");
    assertThat(parsed.matchedOptionValue("--lease-namespace", ""))
        .isEqualTo(ChartRendering.NAMESPACE);
    assertThat(parsed.matchedOptionValue("--resync", java.time.Duration.ZERO))
        .isEqualTo(java.time.Duration.ofMinutes(5));
    assertThat(parsed.matchedOptionValue("--reconcile-threads", 0)).isEqualTo(4);
    assertThat(parsed.matchedOptionValue("--log-format", "")).isEqualTo("text");
  }

  /** Parses the container's arguments after the `run` verb as picocli would at start-up. */
  private static ParseResult parse(Rendered chart) {
    List<String> args = chart.args();
    assertThat(args.get(0)).isEqualTo("run");
    CommandLine cli = new CommandLine(new RunCommand());
    List<String> known = new ArrayList<>();
    for (String arg : args.subList(1, args.size())) {
      String flag = arg.split("=", 2)[0];
      if (PENDING.contains(flag) && cli.getCommandSpec().findOption(flag) == null) continue;
      known.add(arg);
    }
    return cli.parseArgs(known.toArray(String[]::new));
  }
}
