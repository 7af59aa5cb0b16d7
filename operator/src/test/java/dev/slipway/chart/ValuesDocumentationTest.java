package dev.slipway.chart;

import static dev.slipway.chart.ChartRendering.CHART;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** values.yaml documents every value, and values.schema.json knows every value it sets. */
class ValuesDocumentationTest {
  /** A mapping key whose block the current line may be inside. */
  private record OpenKey(int indent, String name, boolean commented) {}

  private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z0-9_.-]+):(.*)$");

  @Test
  void everyValueHasACommentOnItOrItsBlock() throws IOException {
    List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"));
    List<String> undocumented = new ArrayList<>();
    // Keys still open above the current line, with whether each carries a comment.
    Deque<OpenKey> open = new ArrayDeque<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = KEY.matcher(lines.get(i));
      if (!m.matches()) continue;
      int indent = m.group(1).length();
      while (!open.isEmpty() && open.peek().indent() >= indent) open.pop();
      boolean commented = i > 0 && lines.get(i - 1).strip().startsWith("#");
      boolean blockCommented = open.stream().anyMatch(OpenKey::commented);
      boolean leaf = !m.group(3).isBlank();
      if (leaf && !commented && !blockCommented) {
        undocumented.add(path(open) + m.group(2));
      }
      open.push(new OpenKey(indent, m.group(2), commented));
    }
    assertThat(undocumented).isEmpty();
  }

  @Test
  void theSchemaDescribesEveryDefaultValue() throws IOException {
    JsonNode values = ChartRendering.readYaml(CHART.resolve("values.yaml"));
    JsonNode schema = ChartRendering.JSON.readTree(CHART.resolve("values.schema.json").toFile());
    assertThat(schema.path("$schema").asText())
        .isEqualTo("http://json-schema.org/draft-07/schema#");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    List<String> missing = new ArrayList<>();
    walk("", values, schema, missing);
    assertThat(missing).isEmpty();
  }

  /** Keys of values that a closed schema object does not declare. */
  private static void walk(String at, JsonNode value, JsonNode schema, List<String> missing) {
    if (!value.isObject() || !schema.has("properties")) return;
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode sub = schema.path("properties").path(field.getKey());
      if (sub.isMissingNode()) {
        missing.add(at + field.getKey());
      } else {
        walk(at + field.getKey() + ".", field.getValue(), sub, missing);
      }
    }
  }

  private static String path(Deque<OpenKey> open) {
    StringBuilder out = new StringBuilder();
    open.descendingIterator().forEachRemaining(k -> out.append(k.name()).append('.'));
    return out.toString();
  }
}
