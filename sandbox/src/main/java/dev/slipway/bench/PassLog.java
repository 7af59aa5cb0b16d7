package dev.slipway.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.BaseControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts reconcile passes per resource, compresses the reschedules the passes ask for, and notes
 * how late (in simulated seconds) each rescheduled pass ran: a late pass means the machine could
 * not keep up with the time scale, and every figure measured in simulated time would suffer.
 */
final class PassLog {
  /** A pass that came this much before its due time was started by an event, not the timer. */
  private static final Duration EARLY = Duration.ofMillis(100);

  private final Clock clock;
  private final double timeScale;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, Instant> due = new ConcurrentHashMap<>();
  private final Queue<Double> lateness = new ConcurrentLinkedQueue<>();
  private volatile boolean counting = true;

  /** The resource whose pass runs on this thread, so the calls it makes can be put to its name. */
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  PassLog(Clock clock, double timeScale) {
    this.clock = clock;
    this.timeScale = timeScale;
  }

  static String key(HasMetadata r) {
    return r.getKind() + "/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  /** The resource whose pass runs on this thread, or null. */
  static String current() {
    return CURRENT.get();
  }

  /** A pass of {@code key} begins on this thread. */
  void started(String key) {
    CURRENT.set(key);
    Instant now = clock.instant();
    Instant expected = due.remove(key);
    if (!counting) return;
    counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    if (expected != null && !now.isBefore(expected.minus(EARLY))) {
      lateness.add(Math.max(0, Duration.between(expected, now).toNanos() / 1e9));
    }
  }

  /**
   * The pass ended: divides its reschedule (simulated) by the time scale, for JOSDK's real-time
   * timer.
   */
  <C extends BaseControl<C>> C scale(String key, C control) {
    control
        .getScheduleDelay()
        .ifPresent(
            millis -> {
              due.put(key, clock.instant().plusMillis(millis));
              control.rescheduleAfter(Math.max(1, Math.round(millis / timeScale)));
            });
    return control;
  }

  /** The pass on this thread is over (also when it threw). */
  void ended() {
    CURRENT.remove();
  }

  /** Forgets every pass so far (the measured period starts). */
  void reset() {
    counts.clear();
    lateness.clear();
    counting = true;
  }

  /** Stops counting (the measured period ended). */
  void stop() {
    counting = false;
  }

  /** Passes per resource key since the last reset. */
  Map<String, Long> counts() {
    Map<String, Long> m = new java.util.TreeMap<>();
    counts.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** How late each timer pass ran, in simulated seconds. */
  List<Double> lateness() {
    return List.copyOf(lateness);
  }
}
