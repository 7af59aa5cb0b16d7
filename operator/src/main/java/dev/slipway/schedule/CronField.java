package dev.slipway.schedule;

import java.util.BitSet;

/** The values one numeric cron field allows (minutes, hours, days, months, weekdays or years). */
record CronField(int min, int max, BitSet values) {
  boolean contains(int value) {
    return value >= min && value <= max && values.get(value);
  }

  /** The smallest allowed value at or above {@code from}, or -1 when there is none. */
  int nextFrom(int from) {
    if (from > max) return -1;
    int next = values.nextSetBit(Math.max(from, min));
    return next < 0 || next > max ? -1 : next;
  }
}
