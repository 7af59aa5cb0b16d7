package dev.slipway.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A snapshot of the operator's Micrometer counters and timers, summed per name and one tag value,
 * so a phase's share is the difference of two snapshots (Micrometer meters cannot be reset).
 */
record MeterTotals(Map<String, Double> values) {

  /** Keys: "name" and "name|tag=value" for every tag, for counts, timer seconds and timer max. */
  static MeterTotals of(MeterRegistry registry) {
    Map<String, Double> v = new HashMap<>();
    for (Meter m : registry.getMeters()) {
      String name = m.getId().getName();
      if (m instanceof Counter c) add(v, m, name, c.count());
      else if (m instanceof Timer t) {
        add(v, m, name + ".count", t.count());
        add(v, m, name + ".seconds", t.totalTime(TimeUnit.SECONDS));
      }
    }
    return new MeterTotals(v);
  }

  private static void add(Map<String, Double> v, Meter m, String key, double amount) {
    v.merge(key, amount, Double::sum);
    m.getId()
        .getTags()
        .forEach(t -> v.merge(key + "|" + t.getKey() + "=" + t.getValue(), amount, Double::sum));
  }

  double get(String key) {
    return values.getOrDefault(key, 0.0);
  }

  /** What accumulated between {@code earlier} and this snapshot, for one key. */
  double since(MeterTotals earlier, String key) {
    return get(key) - earlier.get(key);
  }
}
