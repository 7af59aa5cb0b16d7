package dev.slipway.chart;

import static dev.slipway.chart.ChartRendering.CHART;
import static dev.slipway.chart.ChartRendering.ROOT;
import static dev.slipway.chart.ChartRendering.readYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.chart.ChartRendering.Rendered;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * What can be checked about the image without a Docker engine: the Dockerfile, the Jib profile and
 * the chart agree on the user, the jar, the entry point and the image name.
 */
class ImageConfigTest {
  private static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
  private static final Path OPERATOR_POM = ROOT.resolve("operator/pom.xml");

  @Test
  void dockerfileRunsTheChartsUserAndJar() throws IOException {
    List<String> lines = instructions(Files.readString(DOCKERFILE));
    Rendered chart = ChartRendering.render(Map.of());
    JsonNode pod = chart.deployment().path("spec").path("template").path("spec");
    int runAsUser = pod.path("securityContext").path("runAsUser").asInt();
    int runAsGroup = pod.path("securityContext").path("runAsGroup").asInt();

    assertThat(last(lines, "USER")).isEqualTo(runAsUser + ":" + runAsGroup);
    assertThat(last(lines, "FROM")).contains("17");
    assertThat(last(lines, "COPY")).isEqualTo("operator/target/slipway.jar /app/slipway.jar");
    assertThat(last(lines, "ENTRYPOINT")).isEqualTo("[\"java\", \"-jar\", \"/app/slipway.jar\"]");
    // The chart relies on that entry point: it passes only arguments, starting with the verb.
    assertThat(chart.container().has("command")).isFalse();
    assertThat(chart.args().get(0)).isEqualTo("run");
    // The jar the Dockerfile copies is the runnable jar the operator module's build produces.
    assertThat(xpath(OPERATOR_POM, "//plugin[artifactId='maven-shade-plugin']//outputFile"))
        .isEqualTo("${project.build.directory}/slipway.jar");
  }

  @Test
  void multiStageVariantShipsTheSameRuntimeStage() throws IOException {
    List<String> prebuilt = runtimeStage(instructions(Files.readString(DOCKERFILE)));
    List<String> multiStage =
        runtimeStage(instructions(Files.readString(ROOT.resolve("Dockerfile.multistage"))));
    // Identical apart from where the jar comes from.
    assertThat(multiStage.stream().map(l -> l.replace("--from=build /src/", "")).toList())
        .isEqualTo(prebuilt);
  }

  @Test
  void multiStageVariantBuildsOnlyTheOperatorModule() throws IOException {
    List<String> lines = instructions(Files.readString(ROOT.resolve("Dockerfile.multistage")));
    List<String> build = lines.subList(0, lines.size() - runtimeStage(lines).size());
    assertThat(build)
        .filteredOn(l -> l.startsWith("RUN mvn"))
        .isNotEmpty()
        .allMatch(l -> l.contains(" -pl operator -am "));
    // The sandbox module's pom is needed to read the reactor, its sources never.
    assertThat(build).noneMatch(l -> l.startsWith("COPY sandbox/") && !l.contains("pom.xml"));
  }

  @Test
  void dockerignoreLetsTheJarThrough() throws IOException {
    assertThat(Files.readAllLines(ROOT.resolve(".dockerignore")))
        .contains("*", "!operator/target/slipway.jar");
  }

  @Test
  void jibBuildsTheChartsDefaultImageAsTheSameUser() {
    JsonNode chart = readYaml(CHART.resolve("Chart.yaml"));
    JsonNode values = readYaml(CHART.resolve("values.yaml"));
    String chartImage =
        values.path("image").path("repository").asText() + ":" + chart.path("appVersion").asText();
    assertThat(values.path("image").path("tag").asText()).isEmpty();

    String jib =
        "/project/profiles/profile[id='image']/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration";
    assertThat(xpath(OPERATOR_POM, jib + "/to/image")).isEqualTo(chartImage);
    assertThat(xpath(OPERATOR_POM, jib + "/container/user"))
        .isEqualTo(
            values.path("podSecurityContext").path("runAsUser").asInt()
                + ":"
                + values.path("podSecurityContext").path("runAsGroup").asInt());
    assertThat(xpath(OPERATOR_POM, jib + "/container/mainClass"))
        .isEqualTo(
            xpath(
                OPERATOR_POM, "//plugin[artifactId='maven-shade-plugin']//transformer/mainClass"));
    // Not bound to a phase: the default build never needs a registry.
    assertThat(xpath(OPERATOR_POM, "count(" + jib.replace("/configuration", "/executions") + ")"))
        .isEqualTo("0");
  }

  /** Dockerfile instructions with continuation lines joined and comments dropped. */
  private static List<String> instructions(String dockerfile) {
    return List.of(
            dockerfile.replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\n", " ").split("\\n"))
        .stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** The instructions from the last FROM on: what the image is made of. */
  private static List<String> runtimeStage(List<String> lines) {
    int from = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).toUpperCase(java.util.Locale.ROOT).startsWith("FROM ")) from = i;
    }
    return lines.subList(from, lines.size());
  }

  /** The argument of the last instruction of that kind. */
  private static String last(List<String> lines, String instruction) {
    Pattern p = Pattern.compile("^" + instruction + "\\s+(.*)$", Pattern.CASE_INSENSITIVE);
    String found = null;
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.matches()) found = m.group(1).strip();
    }
    assertThat(found).as(instruction + " in the Dockerfile").isNotNull();
    return found;
  }

  private static String xpath(Path xml, String expression) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = factory.newDocumentBuilder().parse(xml.toFile());
      return XPathFactory.newInstance().newXPath().evaluate(expression, doc).strip();
    } catch (Exception e) {
      throw new AssertionError("cannot read " + expression + " from " + xml, e);
    }
  }
}
