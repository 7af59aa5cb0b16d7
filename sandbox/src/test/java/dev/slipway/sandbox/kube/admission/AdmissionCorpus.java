package dev.slipway.sandbox.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The manifests under test resources admission/: each file's leading comments say which field the
 * API server must blame and with which words; a second document is an update of the first.
 */
public record AdmissionCorpus(
    String name, String field, String message, List<String> pruned, List<JsonNode> documents) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The object to create first (the original, for transition cases; else the invalid one). */
  public JsonNode first() {
    return documents.get(0);
  }

  /** The rejected update, for cases that have one. */
  public JsonNode update() {
    return documents.size() > 1 ? documents.get(1) : null;
  }

  public boolean isUpdate() {
    return documents.size() > 1;
  }

  @Override
  public String toString() {
    return name;
  }

  public static List<AdmissionCorpus> invalid() {
    return load("invalid");
  }

  public static List<AdmissionCorpus> valid() {
    return load("valid");
  }

  /** The CRDs as committed in crds/ (the same files the chart and the sandbox install). */
  public static CustomResourceValidators crds() {
    Path root = Path.of(System.getProperty("slipway.root", "..")).resolve("crds");
    return CustomResourceValidators.load(
        root.resolve("servicereleases.slipway.dev-v1.yml"),
        root.resolve("stagingenvironments.slipway.dev-v1.yml"),
        root.resolve("scheduledtasks.slipway.dev-v1.yml"));
  }

  private static List<AdmissionCorpus> load(String folder) {
    try (Stream<Path> files = Files.list(resource(folder))) {
      List<AdmissionCorpus> cases = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        cases.add(parse(file));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AdmissionCorpus parse(Path file) throws IOException {
    String text = Files.readString(file);
    List<JsonNode> documents = new ArrayList<>();
    for (String doc : text.split("(?m)^---$")) {
      JsonNode node = YAML.readTree(doc);
      if (node != null && !node.isMissingNode() && !node.isNull()) {
        documents.add(node);
      }
    }
    String name = file.getFileName().toString().replace(".yaml", "");
    String pruned = comment(text, "expect-pruned");
    return new AdmissionCorpus(
        name,
        comment(text, "expect-field"),
        comment(text, "expect-message"),
        pruned == null ? List.of() : List.of(pruned.split(",\\s*")),
        documents);
  }

  private static String comment(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# " + key + ":")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return null;
  }

  private static Path resource(String folder) {
    try {
      return Path.of(AdmissionCorpus.class.getResource("/admission/" + folder).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
