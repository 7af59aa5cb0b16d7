package dev.slipway.sandbox.sim;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits whole requests over weighted keys so that, over time, each key gets exactly its share: the
 * fractions left over from one split are carried into the next. Deterministic, so a 5 % canary gets
 * 5 of every 100 requests, not roughly 5.
 */
final class Apportioner {
  private final Map<String, Double> credit = new HashMap<>();

  Map<String, Long> split(long n, Map<String, Double> weights) {
    Map<String, Long> out = new LinkedHashMap<>();
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    credit.keySet().retainAll(weights.keySet());
    if (n <= 0 || total <= 0) return out;
    long given = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      double c = credit.getOrDefault(e.getKey(), 0.0) + n * e.getValue() / total;
      long whole = (long) Math.floor(c + 1e-9);
      credit.put(e.getKey(), c - whole);
      out.put(e.getKey(), whole);
      given += whole;
    }
    // Hand what rounding left over to the keys owed the most, so every request lands somewhere.
    List<String> owed =
        weights.keySet().stream()
            .filter(k -> weights.get(k) > 0)
            .sorted(Comparator.comparingDouble((String k) -> credit.get(k)).reversed())
            .toList();
    for (int i = 0; given < n && !owed.isEmpty(); i = (i + 1) % owed.size(), given++) {
      String k = owed.get(i);
      out.merge(k, 1L, Long::sum);
      credit.put(k, credit.get(k) - 1);
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }
}
