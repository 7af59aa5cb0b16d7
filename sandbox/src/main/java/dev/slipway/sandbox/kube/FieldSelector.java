package dev.slipway.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A parsed Kubernetes field selector ({@code a.b=x,c!=y}) evaluated against JSON objects. */
final class FieldSelector {
  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  /** Parses an already URL-decoded selector; null or blank selects everything. */
  static FieldSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String raw : selector.split(",")) {
      terms.add(Term.parse(raw.trim()));
    }
    return new FieldSelector(List.copyOf(terms));
  }

  boolean selectsEverything() {
    return terms.isEmpty();
  }

  boolean matches(JsonNode object) {
    return terms.stream().allMatch(term -> term.matches(object));
  }

  /** One {@code path=value} or {@code path!=value} requirement. */
  private record Term(String[] path, String value, boolean negated) {
    static Term parse(String raw) {
      boolean negated = raw.contains("!=");
      String[] parts = raw.split(negated ? "!=" : "==?", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("invalid field selector term: " + raw);
      }
      return new Term(parts[0].trim().split("\\."), parts[1].trim(), negated);
    }

    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String segment : path) {
        node = node.path(segment);
      }
      // Kubernetes compares field values as strings; a missing field equals the empty string.
      String actual = node.isValueNode() ? node.asText() : "";
      return actual.equals(value) != negated;
    }
  }
}
