package dev.slipway.scheduledtask;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series alerts on batches are built on: finished runs by result, and per ScheduledTask the
 * time of its last success next to how long it may go without one (the chart's alert compares
 * them).
 */
final class BatchMetrics {
  private final MeterRegistry registry;
  private final Map<Key, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Map<Key, Duration> expected = new ConcurrentHashMap<>();
  private final Set<Key> announced = ConcurrentHashMap.newKeySet();
  private final MultiGauge lastSuccessGauge;
  private final MultiGauge expectedGauge;

  private record Key(String namespace, String name) {}

  BatchMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.lastSuccessGauge =
        MultiGauge.builder("slipway.scheduled.task.last.success.timestamp.seconds")
            .description("Unix time at which each ScheduledTask's latest successful run finished")
            .register(registry);
    this.expectedGauge =
        MultiGauge.builder("slipway.scheduled.task.expected.success.within.seconds")
            .description("How long each ScheduledTask may go without a successful run")
            .register(registry);
  }

  /** Every result a run can end with, as the counter labels it. */
  static final List<String> RESULTS =
      List.of("succeeded", "failed", "timed_out", "not_started", "replaced");

  /** A run finished with {@code result}, one of {@link #RESULTS}. */
  void run(HasMetadata st, String result) {
    counter(st, result).increment();
  }

  /**
   * Makes every result's series exist at 0 before its first run: increase() over a series that
   * appears at 1 misses that first run, so an alert on failures would miss the first one after
   * every operator restart.
   */
  private void announce(HasMetadata st) {
    if (announced.add(key(st))) RESULTS.forEach(result -> counter(st, result));
  }

  private Counter counter(HasMetadata st, String result) {
    return Counter.builder("slipway.scheduled.task.runs")
        .description("Finished runs of ScheduledTasks by result")
        .tags("namespace", st.getMetadata().getNamespace(), "name", st.getMetadata().getName())
        .tag("result", result)
        .register(registry);
  }

  /** After a pass: the latest success (null: none yet) and the allowed gap. */
  void observe(HasMetadata st, Instant success, Duration allowed) {
    announce(st);
    Key key = key(st);
    boolean changed = false;
    if (success != null && !success.equals(lastSuccess.put(key, success))) changed = true;
    if (allowed != null && !allowed.equals(expected.put(key, allowed))) changed = true;
    if (changed) publish();
  }

  /** The resource is gone: its series go with it. */
  void forget(HasMetadata st) {
    Key key = key(st);
    announced.remove(key);
    for (String result : RESULTS) {
      registry
          .find("slipway.scheduled.task.runs")
          .tags("namespace", key.namespace(), "name", key.name(), "result", result)
          .meters()
          .forEach(registry::remove);
    }
    lastSuccess.remove(key);
    expected.remove(key);
    publish();
  }

  private void publish() {
    lastSuccessGauge.register(
        lastSuccess.entrySet().stream()
            .map(e -> MultiGauge.Row.of(tags(e.getKey()), e.getValue().toEpochMilli() / 1000.0))
            .toList(),
        true);
    expectedGauge.register(
        expected.entrySet().stream()
            .map(e -> MultiGauge.Row.of(tags(e.getKey()), e.getValue().toSeconds()))
            .toList(),
        true);
  }

  private static Tags tags(Key k) {
    return Tags.of("namespace", k.namespace(), "name", k.name());
  }

  private static Key key(HasMetadata st) {
    return new Key(st.getMetadata().getNamespace(), st.getMetadata().getName());
  }
}
