package dev.slipway.ecschedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one rule's values and keeps the list of what did not carry over: a value that is a template
 * action the import could not resolve is listed there instead of being returned.
 */
final class RuleFields {
  private final JsonNode rule;
  private final String ruleName;
  private final EcscheduleTemplates.Resolved templates;
  private final List<String> unmapped = new ArrayList<>();

  RuleFields(JsonNode rule, String ruleName, EcscheduleTemplates.Resolved templates) {
    this.rule = rule;
    this.ruleName = ruleName;
    this.templates = templates;
  }

  /** What did not carry over so far, each with why. */
  List<String> unmapped() {
    return unmapped;
  }

  void unmapped(String line) {
    unmapped.add(line);
  }

  /** Lists the keys of {@code node} ecschedule does not read. */
  void unknownKeys(JsonNode node, Set<String> known, String path) {
    unmapped.addAll(EcscheduleKeys.unknown(node, known, path));
  }

  /** A value the ScheduledTask cannot do without. */
  String required(String key) {
    if (!rule.hasNonNull(key) || rule.get(key).asText().isBlank()) {
      throw new ImportException("rule " + ruleName + ": " + key + " is missing");
    }
    String value = rule.get(key).asText();
    if (templates.isUnresolved(value)) {
      throw new ImportException(
          "rule "
              + ruleName
              + ": "
              + key
              + " is "
              + templates.original(value)
              + ", which the import cannot resolve offline");
    }
    return value;
  }

  Optional<String> text(String key) {
    return text(rule, key, "");
  }

  Optional<String> text(JsonNode node, String key, String path) {
    return text(node.path(key), path + key);
  }

  /** A scalar's text as written, or empty when absent or an unresolved action (then listed). */
  Optional<String> text(JsonNode value, String path) {
    if (value == null || value.isMissingNode() || value.isNull()) return Optional.empty();
    String text = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    if (templates.isUnresolved(text)) {
      unmapped.add(path + ": " + templates.original(text) + " cannot be resolved offline");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  List<String> texts(JsonNode list, String path) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      text(list.get(i), path + "[" + i + "]").ifPresent(values::add);
    }
    return values;
  }
}
