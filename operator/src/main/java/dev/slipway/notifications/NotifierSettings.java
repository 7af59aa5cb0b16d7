package dev.slipway.notifications;

import java.time.Duration;

/**
 * How deliveries are made: attempts per event and notifier, the backoff between them (exponential
 * from {@code firstBackoff}, doubled each time, capped, with ± {@code jitter}), the time one
 * request may take, the size of the delivery pool and of its queue, how long results stay in
 * memory, and how long after a delivery ends its release is woken to record it.
 *
 * <p>Why the wake waits: the release's status is patched as a JSON patch computed against the copy
 * the pass read, with no resourceVersion. A pass woken the moment a fast delivery ends can start
 * before the informer has the status the emitting pass just wrote, and its diff against that older
 * copy would insert the event's record a second time. A couple of seconds is far more than the
 * informer needs, and nothing waits on it: the release has long moved on.
 */
public record NotifierSettings(
    int attempts,
    Duration firstBackoff,
    Duration maxBackoff,
    double jitter,
    Duration timeout,
    int threads,
    int capacity,
    Duration keepResults,
    Duration wakeDelay) {

  /**
   * 5 attempts 1 s, 2 s, 4 s, 8 s apart (± 20 %), 5 s per request, 2 threads, 256 queued, the
   * release woken 2 s after a delivery ends.
   */
  public static NotifierSettings defaults() {
    return new NotifierSettings(
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        0.2,
        Duration.ofSeconds(5),
        2,
        256,
        Duration.ofMinutes(15),
        Duration.ofSeconds(2));
  }
}
