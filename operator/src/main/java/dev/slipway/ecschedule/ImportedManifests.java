package dev.slipway.ecschedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.api.v1alpha1.ScheduledTask;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The import's output: one YAML document per rule, headed by a comment block that lists what did
 * not carry over and what to check, so the caveats travel with the manifest into review.
 */
public final class ImportedManifests {
  /** YAML as kubectl prints it; numbers in strings (task cpu "1024") stay strings. */
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** One rule's manifest: the resource name (for its file) and the document's text. */
  public record Document(String name, String text) {}

  private ImportedManifests() {}

  /** The documents of {@code result}, in config order; {@code source} names the config file. */
  public static List<Document> render(ImportResult result, String source) {
    List<Document> documents = new ArrayList<>();
    for (ImportedTask task : result.tasks()) {
      documents.add(new Document(task.name(), header(task, result, source) + yaml(task.task())));
    }
    return documents;
  }

  /** All documents as one multi-document stream. */
  public static String stream(List<Document> documents) {
    return String.join("---\n", documents.stream().map(Document::text).toList());
  }

  private static String header(ImportedTask task, ImportResult result, String source) {
    StringBuilder h = new StringBuilder();
    h.append("# Imported by slipway import ecschedule from rule ")
        .append(task.rule())
        .append(" of ")
        .append(source)
        .append('\n');
    List<String> unmapped = new ArrayList<>(task.unmapped());
    unmapped.addAll(result.unmapped());
    section(h, "Not imported (review by hand):", unmapped);
    List<String> notes = new ArrayList<>(task.notes());
    notes.addAll(result.notes());
    section(h, "Check before applying:", notes);
    return h.toString();
  }

  private static void section(StringBuilder h, String title, List<String> lines) {
    if (lines.isEmpty()) return;
    h.append("# ").append(title).append('\n');
    for (String line : lines) h.append("#   - ").append(line.replace("\n", " ")).append('\n');
  }

  static String yaml(ScheduledTask task) {
    ObjectNode document = YAML.createObjectNode();
    document.put("apiVersion", task.getApiVersion());
    document.put("kind", task.getKind());
    document.set("metadata", YAML.valueToTree(task.getMetadata()));
    document.set("spec", YAML.valueToTree(task.getSpec()));
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
