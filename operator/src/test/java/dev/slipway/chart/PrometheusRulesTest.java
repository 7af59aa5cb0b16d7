package dev.slipway.chart;

import static dev.slipway.chart.ChartRendering.CHART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's alerts under Prometheus' own tool: `promtool check rules` (syntax, PromQL, annotation
 * templates) and `promtool test rules` (each alert fires on the series meant to trigger it and not
 * on the healthy ones; prometheus-rules-test.yaml).
 */
class PrometheusRulesTest {
  private static final Path RULES = CHART.resolve("files/prometheus-rules.yaml");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Path promtool = promtool();
    Result result = run(promtool, "check", "rules", RULES.toString());
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void alertsFireOnTheirSeriesOnly() throws Exception {
    Path promtool = promtool();
    Path dir = Files.createDirectories(Path.of("target", "promtool").toAbsolutePath());
    // Annotations are prose with templates (checked above); the unit tests compare labels.
    JsonNode rules = ChartRendering.readYaml(RULES);
    rules
        .path("groups")
        .forEach(g -> g.path("rules").forEach(r -> ((ObjectNode) r).remove("annotations")));
    ChartRendering.YAML.writeValue(dir.resolve("prometheus-rules.yaml").toFile(), rules);
    Path tests = dir.resolve("prometheus-rules-test.yaml");
    try (InputStream in = getClass().getResourceAsStream("prometheus-rules-test.yaml")) {
      Files.copy(in, tests, StandardCopyOption.REPLACE_EXISTING);
    }
    Result result = run(promtool, "test", "rules", tests.toString());
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /** promtool from -Dpromtool or the PATH (Debian: the prometheus package). */
  private static Path promtool() {
    Optional<Path> found =
        Optional.ofNullable(System.getProperty("promtool"))
            .map(Path::of)
            .or(
                () ->
                    Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                        .map(d -> Path.of(d, "promtool"))
                        .filter(Files::isExecutable)
                        .findFirst());
    assumeTrue(found.isPresent(), "promtool not installed (apt-get install prometheus)");
    return found.get();
  }

  private record Result(int exit, String output) {}

  private static Result run(Path promtool, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
