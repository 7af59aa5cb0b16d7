package dev.slipway.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fewest calls a refresh needs, keyed "service:Operation" as the simulator counts them: the
 * writes that make the change (exact), and the reads of one look at every step (each step observes
 * before it acts; any read beyond these is a poll while something is on its way).
 */
public record CallFloor(Map<String, Long> writes, Map<String, Long> reads) {
  public static final CallFloor NONE = new CallFloor(Map.of(), Map.of());

  public CallFloor {
    writes = Map.copyOf(writes);
    reads = Map.copyOf(reads);
  }

  public CallFloor plus(CallFloor other) {
    return new CallFloor(sum(writes, other.writes), sum(reads, other.reads));
  }

  public long totalWrites() {
    return writes.values().stream().mapToLong(Long::longValue).sum();
  }

  public long totalReads() {
    return reads.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> s = new TreeMap<>(a);
    b.forEach((k, v) -> s.merge(k, v, Long::sum));
    s.values().removeIf(v -> v == 0);
    return s;
  }
}
