package dev.slipway.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A nano clock and sleeper for tests: sleeping advances the clock and is recorded. */
final class FakeTime implements Sleeper {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private volatile boolean advanceOnSleep = true;

  long nanoTime() {
    return now.get();
  }

  void advanceNanos(long nanos) {
    now.addAndGet(nanos);
  }

  /** Simulates many concurrent callers: sleeps are recorded but time stands still. */
  FakeTime frozen() {
    advanceOnSleep = false;
    return this;
  }

  @Override
  public void sleepNanos(long nanos) {
    sleeps.add(nanos);
    if (advanceOnSleep) {
      now.addAndGet(nanos);
    }
  }

  List<Long> sleeps() {
    return sleeps;
  }
}
