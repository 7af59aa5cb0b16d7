package dev.slipway.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Renders charts/slipway with real Helm (helm-java, offline) and parses the objects it prints. */
final class ChartRendering {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path CHART = ROOT.resolve("charts/slipway");
  static final String RELEASE = "ops";
  static final String NAMESPACE = "slipway-system";
  static final YAMLMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // helm-java unpacks its native library through JNA; keep it under target/, not a shared /tmp
    // (surefire sets the same property; this covers runs from an IDE).
    if (System.getProperty("jna.tmpdir") == null) {
      Path dir = Path.of("target", "jna").toAbsolutePath();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.setProperty("jna.tmpdir", dir.toString());
    }
  }

  private ChartRendering() {}

  static Helm helm() {
    return new Helm(CHART);
  }

  /** `helm template` with the chart's defaults overlaid by these values. */
  static Rendered render(Map<String, ?> values) {
    return Rendered.parse(renderText(values));
  }

  static String renderText(Map<String, ?> values) {
    try {
      Path file = Files.createTempFile(Path.of("target"), "chart-values", ".yaml");
      YAML.writeValue(file.toFile(), values);
      try {
        return helm()
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            // helm-java's Helm is built without a default Kubernetes version (it assumes 1.20,
            // below the chart's kubeVersion); released Helm binaries and Argo CD pass a real one.
            .withKubeVersion("v1.31.0")
            .withValuesFile(file)
            .call();
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of one `helm template` run. */
  record Rendered(List<JsonNode> objects) {
    static Rendered parse(String multiDoc) {
      List<JsonNode> docs = new ArrayList<>();
      try (var parser = new YAMLFactory().createParser(multiDoc)) {
        var it = YAML.readValues(parser, JsonNode.class);
        while (it.hasNext()) {
          JsonNode doc = it.next();
          if (doc != null && doc.isObject() && doc.size() > 0) docs.add(doc);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Rendered(docs);
    }

    List<JsonNode> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    JsonNode one(String kind) {
      List<JsonNode> found = ofKind(kind);
      if (found.size() != 1) {
        throw new AssertionError("expected one " + kind + ", found " + found.size());
      }
      return found.get(0);
    }

    JsonNode named(String kind, String name) {
      return ofKind(kind).stream()
          .filter(o -> name.equals(o.path("metadata").path("name").asText()))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    JsonNode deployment() {
      return one("Deployment");
    }

    JsonNode container() {
      return deployment().path("spec").path("template").path("spec").path("containers").get(0);
    }

    List<String> args() {
      return strings(container().path("args"));
    }

    /** Every rule of every Role and ClusterRole. */
    List<JsonNode> rules() {
      List<JsonNode> rules = new ArrayList<>();
      for (JsonNode o : objects) {
        String kind = o.path("kind").asText();
        if (kind.equals("Role") || kind.equals("ClusterRole")) o.path("rules").forEach(rules::add);
      }
      return rules;
    }
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
